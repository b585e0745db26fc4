import { describe, expect, it } from '@jest/globals';
import {
  answerIsBehind,
  answerTimeZone,
  forwardedTimeZoneHeader,
  labelTimeZone,
} from '../../portal/lib/answerTimeZone.js';

const headers = (zone?: string) =>
  new Headers(zone === undefined ? {} : { 'Reporting-Time-Zone': zone });

describe('the zone an answer names', () => {
  it('reads the Reporting-Time-Zone header', () => {
    expect(answerTimeZone(headers('Asia/Kolkata'))).toBe('Asia/Kolkata');
    expect(answerTimeZone(headers('UTC'))).toBe('UTC');
    expect(answerTimeZone(headers('America/Argentina/Buenos_Aires'))).toBe(
      'America/Argentina/Buenos_Aires',
    );
    expect(answerTimeZone(headers('Etc/GMT-14'))).toBe('Etc/GMT-14');
  });

  it('is unknown without the header (an older API) or with something that is no zone name', () => {
    expect(answerTimeZone(headers())).toBeUndefined();
    for (const value of ['', '<script>', 'Asia/../etc', '/Asia', 'a'.repeat(65), 'Asia Kolkata']) {
      expect([value, answerTimeZone(headers(value))]).toEqual([value, undefined]);
    }
  });

  it('is passed on by the portal routes only when it names a zone', () => {
    expect(forwardedTimeZoneHeader(headers('Asia/Kolkata'))).toEqual({
      'reporting-time-zone': 'Asia/Kolkata',
    });
    expect(forwardedTimeZoneHeader(headers())).toEqual({});
    expect(forwardedTimeZoneHeader(headers('Asia/Kolkata, UTC'))).toEqual({});
  });
});

describe('the zone a panel names', () => {
  it('is the answer’s, even when the setting has moved on', () => {
    expect(labelTimeZone('activity', 'UTC', 'Asia/Kolkata')).toBe('UTC');
    expect(labelTimeZone('tokenTrend', 'Asia/Kolkata', 'UTC')).toBe('Asia/Kolkata');
    expect(labelTimeZone('usage', 'Asia/Kolkata', undefined)).toBe('Asia/Kolkata');
  });

  it('falls back to the setting through the panel table when the answer names none', () => {
    expect(labelTimeZone('activity', undefined, 'Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(labelTimeZone('failures', undefined, 'Asia/Kolkata')).toBe('UTC');
    expect(labelTimeZone('agentTrend', undefined, 'Asia/Kolkata')).toBe('UTC');
    expect(labelTimeZone('activity', undefined, undefined)).toBeUndefined();
  });
});

describe('an answer behind the setting', () => {
  it('is one in another zone than the setting, on a panel that follows it', () => {
    expect(answerIsBehind('activity', 'UTC', 'Asia/Kolkata')).toBe(true);
    expect(answerIsBehind('tokenTrend', 'Asia/Kolkata', 'UTC')).toBe(true);
    expect(answerIsBehind('usage', 'Europe/Berlin', 'Asia/Kolkata')).toBe(true);
  });

  it('is not one in the setting’s zone, one without a zone, or one on a UTC panel', () => {
    expect(answerIsBehind('activity', 'Asia/Kolkata', 'Asia/Kolkata')).toBe(false);
    expect(answerIsBehind('activity', undefined, 'Asia/Kolkata')).toBe(false);
    expect(answerIsBehind('activity', 'UTC', undefined)).toBe(false);
    expect(answerIsBehind('failures', 'UTC', 'Asia/Kolkata')).toBe(false);
    expect(answerIsBehind('agentTrend', 'UTC', 'Asia/Kolkata')).toBe(false);
  });
});
