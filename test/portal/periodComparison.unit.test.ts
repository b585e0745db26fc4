import { describe, expect, it } from '@jest/globals';
import { comparePeriods, formatChange } from '../../portal/lib/tokenTrend.js';

const day = (count: number, previous: number) => ({
  date: '2026-03-15',
  count,
  previous_date: '2026-02-13',
  previous_count: previous,
});

describe('the token trend beside the previous period', () => {
  it('totals both periods and the change in percent', () => {
    expect(comparePeriods([day(10, 5), day(2, 3)])).toEqual({
      total: 12,
      previousTotal: 8,
      changePercent: 50,
    });
    expect(comparePeriods([day(1, 4)]).changePercent).toBe(-75);
  });

  it('has no percentage when the previous period had nothing', () => {
    expect(comparePeriods([day(3, 0)]).changePercent).toBeUndefined();
    expect(formatChange(undefined)).toBe('new');
  });

  it('formats the change signed and rounded', () => {
    expect(formatChange(50)).toBe('+50%');
    expect(formatChange(-75)).toBe('−75%');
    expect(formatChange(0.4)).toBe('no change');
    expect(formatChange(1234.5)).toBe('+1,235%');
  });
});
