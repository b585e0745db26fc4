import { describe, expect, it } from '@jest/globals';
import { localUsageMonth } from '../../src/readModels/monthlyTokens/localMonth.js';
import {
  localDayRange,
  localDayWindow,
  startOfLocalDate,
} from '../../src/timeZones/zonedCalendar.js';

const at = (iso: string) => new Date(iso);

describe('a local month as the UTC month corrected at its ends', () => {
  it('is the UTC month itself in UTC, across a year', () => {
    expect(localUsageMonth('UTC', at('2026-01-01T00:00:00.000Z'))).toEqual({
      month: '2026-01-01',
      corrections: [],
    });
    expect(localUsageMonth('UTC', at('2026-01-01T00:00:00.000Z'), 1).month).toBe('2025-12-01');
    expect(localUsageMonth('UTC', at('2026-03-31T23:59:59.999Z'), 1).month).toBe('2026-02-01');
  });

  it('adds the hours before the UTC start and takes off those before the UTC end east of UTC', () => {
    // March 2026 in Kolkata: 2026-02-28 18:30 UTC to 2026-03-31 18:30 UTC.
    expect(localUsageMonth('Asia/Kolkata', at('2026-03-10T00:00:00Z'))).toEqual({
      month: '2026-03-01',
      corrections: [
        { from: at('2026-02-28T18:30:00Z'), to: at('2026-03-01T00:00:00Z'), sign: 1 },
        { from: at('2026-03-31T18:30:00Z'), to: at('2026-04-01T00:00:00Z'), sign: -1 },
      ],
    });
    // 2026-03-31 18:45 UTC is already April in Kathmandu (+05:45 from 18:15 UTC).
    expect(localUsageMonth('Asia/Kathmandu', at('2026-03-31T18:45:00Z')).month).toBe('2026-04-01');
  });

  it('takes off the first hours and adds the hours after the UTC end west of UTC, with DST', () => {
    // November 2026 in New York: 04:00 UTC on the 1st (EDT) to 05:00 UTC on Dec 1 (EST).
    expect(localUsageMonth('America/New_York', at('2026-11-15T12:00:00Z'))).toEqual({
      month: '2026-11-01',
      corrections: [
        { from: at('2026-11-01T00:00:00Z'), to: at('2026-11-01T04:00:00Z'), sign: -1 },
        { from: at('2026-12-01T00:00:00Z'), to: at('2026-12-01T05:00:00Z'), sign: 1 },
      ],
    });
    // 2026-12-01 03:00 UTC is still November in New York.
    expect(localUsageMonth('America/New_York', at('2026-12-01T03:00:00Z')).month).toBe(
      '2026-11-01',
    );
  });
});

describe('local days', () => {
  it('start at the first instant of the day where a clock change skips midnight', () => {
    // Santiago skips from 24:00 to 01:00 on 2026-09-06.
    expect(startOfLocalDate('America/Santiago', 2026, 9, 6)).toEqual(at('2026-09-06T04:00:00Z'));
    expect(startOfLocalDate('America/Santiago', 2026, 9, 7)).toEqual(at('2026-09-07T03:00:00Z'));
  });

  it('are 23 and 25 hours long across New York’s clock changes, and whole in Kathmandu', () => {
    const spring = localDayWindow('America/New_York', at('2026-03-09T12:00:00Z'), 2);
    expect(spring.days.map((day) => day.date)).toEqual(['2026-03-08', '2026-03-09']);
    expect(spring.days[1]!.start.getTime() - spring.days[0]!.start.getTime()).toBe(23 * 3_600_000);
    const fall = localDayWindow('America/New_York', at('2026-11-02T12:00:00Z'), 2);
    expect(fall.days[1]!.start.getTime() - fall.days[0]!.start.getTime()).toBe(25 * 3_600_000);
    expect(localDayWindow('Asia/Kathmandu', at('2026-03-09T18:14:00Z'), 1).start).toEqual(
      at('2026-03-08T18:15:00Z'),
    );
    expect(localDayRange('Asia/Kathmandu', at('2026-03-09T18:15:00Z'), 30)).toEqual({
      first: '2026-02-09',
      last: '2026-03-10',
    });
  });
});
