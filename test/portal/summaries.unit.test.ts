import { describe, expect, it } from '@jest/globals';
import { toActivityGrid } from '../../portal/lib/activityGrid.js';
import { describeActivity } from '../../portal/lib/activitySummary.js';
import { describeTrend, summarizeTrend } from '../../portal/lib/tokenTrend.js';

const days = [
  { date: '2026-03-03', count: 5 },
  { date: '2026-03-04', count: 1200 },
  { date: '2026-03-05', count: 1200 },
  { date: '2026-03-06', count: 0 },
];

describe('token trend summary', () => {
  it('totals the series and finds the first peak day', () => {
    expect(summarizeTrend(days)).toEqual({
      total: 2405,
      peak: { date: '2026-03-04', count: 1200 },
    });
  });

  it('describes the series for screen readers, in UTC', () => {
    expect(describeTrend(days, 30)).toBe(
      'Token issuance, last 30 days: total 2,405, peak 1,200 on Wed, Mar 4, 2026',
    );
  });

  it('says so when nothing was issued', () => {
    expect(summarizeTrend([{ date: '2026-03-03', count: 0 }]).peak).toBeUndefined();
    expect(describeTrend([], 7)).toBe('Token issuance, last 7 days: no tokens issued');
  });
});

describe('activity summary', () => {
  it('names the busiest day and hour', () => {
    const grid = toActivityGrid([
      { agent_id: 'a', dow: 2, hour: 14, count: 1500 },
      { agent_id: 'a', dow: 5, hour: 3, count: 7 },
    ]);
    expect(describeActivity(grid, 'all agents', 'UTC')).toBe(
      'Agent activity by day and hour, last 30 days, all agents: 1,507 events; ' +
        'busiest Tuesday 14:00–15:00 UTC (1,500)',
    );
  });

  it('names the hours in the zone the figures are in, or none while it is unknown', () => {
    const grid = toActivityGrid([{ agent_id: 'a', dow: 1, hour: 9, count: 3 }]);
    expect(describeActivity(grid, 'billing', 'Asia/Kolkata')).toBe(
      'Agent activity by day and hour, last 30 days, billing: 3 events; ' +
        'busiest Monday 09:00–10:00 Asia/Kolkata (3)',
    );
    expect(describeActivity(grid, 'billing', undefined)).toMatch(/09:00–10:00 \(3\)$/);
  });

  it('says so when there is no activity', () => {
    expect(describeActivity(toActivityGrid([]), 'billing', 'UTC')).toBe(
      'Agent activity by day and hour, last 30 days, billing: no activity',
    );
  });
});
