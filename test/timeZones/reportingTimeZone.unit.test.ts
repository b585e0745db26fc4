import { describe, expect, it } from '@jest/globals';
import { reportingTimeZone } from '../../src/timeZones/reportingTimeZone.js';

describe('a reporting time zone name', () => {
  it('takes the known spelling of a name in any case, current IANA names included', () => {
    expect(reportingTimeZone('UTC')).toBe('UTC');
    expect(reportingTimeZone('utc')).toBe('UTC');
    expect(reportingTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(reportingTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(reportingTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(reportingTimeZone('ASIA/KATHMANDU')).toBe('Asia/Kathmandu');
    expect(reportingTimeZone('America/Argentina/Buenos_Aires')).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it('refuses what is not an IANA zone name', () => {
    for (const name of [
      '',
      'Mars/Olympus',
      '+05:30',
      'EST5EDT',
      'GMT+5',
      '../etc/passwd',
      'x'.repeat(65),
    ]) {
      expect(reportingTimeZone(name)).toBeUndefined();
    }
  });
});
