import { describe, expect, it } from '@jest/globals';
import { failureChartData, lastChartDate } from '../../portal/lib/failureChart.js';

describe('failure chart data', () => {
  it('fills every day of the window and orders reasons by their totals', () => {
    const chart = failureChartData(
      [
        { date: '2026-02-27', reason: 'invalid_scope', count: 1 },
        { date: '2026-03-01', reason: 'invalid_client', count: 4 },
        { date: '2026-03-01', reason: 'invalid_scope', count: 2 },
        { date: '2026-02-20', reason: 'rate_limited', count: 9 }, // before the window
      ],
      '2026-03-01',
      3,
    );
    expect(chart.reasons).toEqual(['rate_limited', 'invalid_client', 'invalid_scope']);
    expect(chart.rows).toEqual([
      { date: '2026-02-27', rate_limited: 0, invalid_client: 0, invalid_scope: 1 },
      { date: '2026-02-28', rate_limited: 0, invalid_client: 0, invalid_scope: 0 },
      { date: '2026-03-01', rate_limited: 0, invalid_client: 4, invalid_scope: 2 },
    ]);
    expect(chart.total).toBe(16);
  });

  it('ends on the UTC day of now, or a later day the data holds', () => {
    const now = new Date('2026-03-01T23:30:00-05:00');
    expect(lastChartDate(now, [])).toBe('2026-03-02');
    expect(lastChartDate(now, [{ date: '2026-03-03', reason: 'x', count: 1 }])).toBe('2026-03-03');
  });
});
