import type { PoolClient } from '../../db/pool.js';
import { addUtcDays, fillDailyCounts, utcDate, utcDayWindow } from '../utcCalendar.js';
import { tokenIssuedMetric } from './getTokenTrend.js';

export interface TokenDayComparison {
  date: string;
  count: number;
  previous_date: string;
  previous_count: number;
}

const sql = `
  SELECT date, count FROM analytics_events
   WHERE tenant_id = $1 AND metric_type = $2 AND date >= $3::date AND date < $4::date`;

/**
 * The token trend beside the period before it: day i of the `days` ending
 * today next to day i of the `days` before those, so totals and changes are
 * sums of the two columns.
 */
export async function getTokenComparison(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date },
): Promise<TokenDayComparison[]> {
  const { start, end } = utcDayWindow(query.now, query.days);
  const previousStart = addUtcDays(start, -query.days);
  const { rows } = await client.query<{ date: string; count: number | string }>(sql, [
    query.tenantId,
    tokenIssuedMetric,
    utcDate(previousStart),
    utcDate(end),
  ]);
  const counts = new Map(rows.map((row) => [row.date, Number(row.count)]));
  const previous = fillDailyCounts(previousStart, query.days, counts);
  return fillDailyCounts(start, query.days, counts).map((day, index) => ({
    ...day,
    previous_date: previous[index]?.date ?? '',
    previous_count: previous[index]?.count ?? 0,
  }));
}
