import { describe, expect, it } from '@jest/globals';
import {
  fillDailyCounts,
  startOfUtcMonth,
  utcDayRange,
  utcDayWindow,
  utcPeriodWindow,
} from '../../src/readModels/utcCalendar.js';

describe('UTC calendar windows', () => {
  it('ends the day window at the next UTC midnight, whatever the time of day', () => {
    for (const now of ['2026-03-15T00:00:00.000Z', '2026-03-15T23:59:59.999Z']) {
      const { start, end } = utcDayWindow(new Date(now), 3);
      expect([start.toISOString(), end.toISOString()]).toEqual([
        '2026-03-13T00:00:00.000Z',
        '2026-03-16T00:00:00.000Z',
      ]);
    }
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(utcDayWindow(new Date('2028-03-01T05:00:00Z'), 2).start.toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    expect(utcDayWindow(new Date('2026-01-01T05:00:00Z'), 2).start.toISOString()).toBe(
      '2025-12-31T00:00:00.000Z',
    );
  });

  it('finds the first of the UTC month', () => {
    expect(startOfUtcMonth(new Date('2026-03-31T23:59:59.999Z')).toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(startOfUtcMonth(new Date('2026-04-01T00:00:00.000Z')).toISOString()).toBe(
      '2026-04-01T00:00:00.000Z',
    );
  });

  it('fills every day in order with zeros where nothing was counted', () => {
    const counts = new Map([
      ['2026-02-28', 4],
      ['2026-03-02', 1],
      ['2026-03-09', 99],
    ]);
    expect(fillDailyCounts(new Date('2026-02-27T00:00:00Z'), 4, counts)).toEqual([
      { date: '2026-02-27', count: 0 },
      { date: '2026-02-28', count: 4 },
      { date: '2026-03-01', count: 0 },
      { date: '2026-03-02', count: 1 },
    ]);
  });

  it('names the first and last day of a window (export file names)', () => {
    expect(utcDayRange(new Date('2026-03-15T23:59:59.999Z'), 7)).toEqual({
      first: '2026-03-09',
      last: '2026-03-15',
    });
    expect(utcDayRange(new Date('2026-03-01T00:00:00.000Z'), 1)).toEqual({
      first: '2026-03-01',
      last: '2026-03-01',
    });
  });

  it('places quota periods on UTC hour, day and calendar month boundaries', () => {
    const window = (period: 'hour' | 'day' | 'month', now: string) => {
      const { start, end } = utcPeriodWindow(period, new Date(now));
      return [start.toISOString(), end.toISOString()];
    };
    expect(window('hour', '2026-03-15T10:59:59.999Z')).toEqual([
      '2026-03-15T10:00:00.000Z',
      '2026-03-15T11:00:00.000Z',
    ]);
    expect(window('day', '2026-12-31T23:30:00.000Z')).toEqual([
      '2026-12-31T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(window('month', '2028-02-29T12:00:00.000Z')).toEqual([
      '2028-02-01T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ]);
    expect(window('month', '2026-12-01T00:00:00.000Z')).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });
});
