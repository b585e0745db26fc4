import type { PoolClient } from '../../db/pool.js';
import { fillDailyCounts, utcDate, utcDayWindow, type DailyCount } from '../utcCalendar.js';

// The rows with scope NULL count each of the agent's tokens once.
const sql = `
  SELECT to_char(date, 'YYYY-MM-DD') AS date, count::bigint AS count
    FROM agent_scope_usage_daily
   WHERE tenant_id = $1 AND agent_id = $2 AND date >= $3::date AND date < $4::date
     AND scope IS NULL`;

/** One agent's tokens per UTC day over the `days` days ending today; days without tokens are 0. */
export async function getAgentTokenTrend(
  client: PoolClient,
  query: { tenantId: string; agentId: string; days: number; now: Date },
): Promise<DailyCount[]> {
  const { start, end } = utcDayWindow(query.now, query.days);
  const { rows } = await client.query<{ date: string; count: string }>(sql, [
    query.tenantId,
    query.agentId,
    utcDate(start),
    utcDate(end),
  ]);
  const counts = new Map(rows.map((row) => [row.date, Number(row.count)]));
  return fillDailyCounts(start, query.days, counts);
}
