import { describe, expect, it } from '@jest/globals';
import {
  describeTimeZone,
  filterTimeZones,
  optionLabel,
  timeZoneOptions,
  utcOffset,
} from '../../portal/lib/timeZones.js';

const winter = new Date('2026-01-15T12:00:00Z');
const summer = new Date('2026-07-15T12:00:00Z');

describe('utcOffset', () => {
  it('gives the offset at that instant, with daylight saving time', () => {
    expect(utcOffset('Asia/Kolkata', winter)).toBe('+05:30');
    expect(utcOffset('Asia/Kathmandu', winter)).toBe('+05:45');
    expect(utcOffset('America/New_York', winter)).toBe('-05:00');
    expect(utcOffset('America/New_York', summer)).toBe('-04:00');
    expect(utcOffset('Europe/London', winter)).toBe('+00:00');
    expect(utcOffset('UTC', summer)).toBe('+00:00');
  });

  it('is undefined for a zone this runtime does not know', () => {
    expect(utcOffset('Mars/Olympus', winter)).toBeUndefined();
  });
});

describe('describeTimeZone', () => {
  it('names the zone with its current offset, and UTC plainly', () => {
    expect(describeTimeZone('Asia/Kolkata', winter)).toBe('Asia/Kolkata (UTC+05:30)');
    expect(describeTimeZone('America/New_York', summer)).toBe('America/New_York (UTC-04:00)');
    expect(describeTimeZone('UTC', winter)).toBe('UTC');
    expect(describeTimeZone('Mars/Olympus', winter)).toBe('Mars/Olympus');
  });
});

describe('timeZoneOptions', () => {
  // What Chromium and Node list: ICU's canonical, older spellings.
  const browserList = ['America/New_York', 'Asia/Calcutta', 'Asia/Katmandu', 'Europe/Berlin'];

  it('puts UTC first, then every zone by name, with its offset', () => {
    const options = timeZoneOptions(browserList, winter);
    expect(options[0]).toEqual({ zone: 'UTC', offset: '+00:00' });
    expect(options.map((option) => option.zone)).toEqual([
      'UTC',
      'America/New_York',
      'Asia/Calcutta',
      'Asia/Kathmandu',
      'Asia/Katmandu',
      'Asia/Kolkata',
      'Europe/Berlin',
    ]);
    expect(options.find((option) => option.zone === 'Asia/Kolkata')?.offset).toBe('+05:30');
    expect(options.find((option) => option.zone === 'Asia/Kathmandu')?.offset).toBe('+05:45');
  });

  it('offers the current names of renamed zones as well as the listed ones', () => {
    const zones = timeZoneOptions(Intl.supportedValuesOf('timeZone'), winter).map(
      (option) => option.zone,
    );
    expect(zones).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Asia/Kathmandu', 'UTC']));
    expect(zones).toEqual(expect.arrayContaining(['Asia/Calcutta', 'Asia/Katmandu']));
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.filter((zone) => zone === 'UTC')).toHaveLength(1);
  });

  it('always holds the stored zone, even one the list lacks', () => {
    const zones = timeZoneOptions(['Europe/Berlin'], winter, 'America/Argentina/Buenos_Aires');
    expect(zones.map((option) => option.zone)).toContain('America/Argentina/Buenos_Aires');
  });
});

describe('filterTimeZones', () => {
  const options = timeZoneOptions(
    ['America/New_York', 'Asia/Calcutta', 'Asia/Katmandu', 'Europe/Berlin'],
    winter,
  );
  const zones = (query: string, keep?: string) =>
    filterTimeZones(options, query, keep).map((option) => option.zone);

  it('matches every word of the query against the name, spaces for underscores', () => {
    expect(zones('kolkata')).toEqual(['Asia/Kolkata']);
    expect(zones('new york')).toEqual(['America/New_York']);
    expect(zones('ASIA kath')).toEqual(['Asia/Kathmandu']);
    expect(zones('')).toHaveLength(options.length);
  });

  it('matches the offset', () => {
    expect(zones('+05:30')).toEqual(['Asia/Calcutta', 'Asia/Kolkata']);
    expect(zones('utc+05:45')).toEqual(['Asia/Kathmandu', 'Asia/Katmandu']);
  });

  it('keeps the selected zone listed whatever the query', () => {
    expect(zones('berlin', 'Asia/Kolkata')).toEqual(['Asia/Kolkata', 'Europe/Berlin']);
    expect(zones('nothing like this', 'UTC')).toEqual(['UTC']);
  });
});

describe('optionLabel', () => {
  it('shows the name readably with its offset', () => {
    expect(optionLabel({ zone: 'America/New_York', offset: '-05:00' })).toBe(
      'America/New York (UTC-05:00)',
    );
    expect(optionLabel({ zone: 'UTC', offset: '+00:00' })).toBe('UTC');
  });
});
