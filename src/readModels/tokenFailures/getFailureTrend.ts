import type { PoolClient } from '../../db/pool.js';
import { utcDate, utcDayWindow } from '../utcCalendar.js';

export interface FailureCount {
  date: string;
  reason: string;
  count: number;
}

// Admin-client failures (agent_id NULL) count here too. Days without failures
// have no rows and are left out of the answer.
const sql = `
  SELECT to_char(date, 'YYYY-MM-DD') AS date, reason, sum(count)::bigint AS count
    FROM token_failures_daily
   WHERE tenant_id = $1 AND date >= $2::date AND date < $3::date
   GROUP BY date, reason
   ORDER BY date, reason`;

interface Row {
  date: string;
  reason: string;
  count: string;
}

/** Failed token requests per UTC day and error code over the `days` days ending today. */
export async function getFailureTrend(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date },
): Promise<FailureCount[]> {
  const { start, end } = utcDayWindow(query.now, query.days);
  const { rows } = await client.query<Row>(sql, [query.tenantId, utcDate(start), utcDate(end)]);
  return rows.map((row) => ({ date: row.date, reason: row.reason, count: Number(row.count) }));
}
