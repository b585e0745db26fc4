import type { PoolClient } from '../../db/pool.js';
import { fillDailyCounts, utcDate, utcDayWindow, type DailyCount } from '../utcCalendar.js';

// Agent token issuances only; admin sign-ins are counted apart as admin_token_issued.
export const tokenIssuedMetric = 'token_issued';

const sql = `
  SELECT date, count FROM analytics_events
   WHERE tenant_id = $1 AND metric_type = $2 AND date >= $3::date AND date < $4::date`;

interface Row {
  date: string;
  count: number | string;
}

/** Daily agent token issuances for the `days` UTC days ending today, gaps as 0. */
export async function getTokenTrend(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date },
): Promise<DailyCount[]> {
  const { start, end } = utcDayWindow(query.now, query.days);
  const { rows } = await client.query<Row>(sql, [
    query.tenantId,
    tokenIssuedMetric,
    utcDate(start),
    utcDate(end),
  ]);
  const counts = new Map(rows.map((row) => [row.date, Number(row.count)]));
  return fillDailyCounts(start, query.days, counts);
}
