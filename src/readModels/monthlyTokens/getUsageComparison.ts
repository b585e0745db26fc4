import type { PoolClient } from '../../db/pool.js';
import { startOfUtcMonth, utcDate } from '../utcCalendar.js';
import { usageMonth } from './getAgentUsage.js';

export interface AgentUsageComparison {
  agent_id: string;
  name: string;
  token_count: number;
  previous_month_count: number;
}

// getAgentUsage.ts with a second join on the month before; same order, same
// JSON-in-Postgres answer.
const sql = `
  SELECT coalesce('[' || string_agg(row_to_json(usage)::text, ',' ORDER BY usage.token_count DESC, usage.name, usage.agent_id) || ']', '[]') AS body
    FROM (SELECT a.agent_id, a.name, coalesce(m.token_count, 0) AS token_count,
                 coalesce(p.token_count, 0) AS previous_month_count
            FROM agents a
            LEFT JOIN agent_monthly_tokens m
              ON m.tenant_id = a.tenant_id AND m.agent_id = a.agent_id AND m.month = $2::date
            LEFT JOIN agent_monthly_tokens p
              ON p.tenant_id = a.tenant_id AND p.agent_id = a.agent_id AND p.month = $3::date
           WHERE a.tenant_id = $1) AS usage`;

/** The first day of the UTC calendar month before the current one, 'YYYY-MM-DD'. */
export function previousUsageMonth(now: Date): string {
  const start = startOfUtcMonth(now);
  return utcDate(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1)));
}

/**
 * Every agent with its tokens this UTC calendar month and the whole month
 * before, as the JSON text of an AgentUsageComparison[], most tokens (this
 * month) first.
 */
export async function getUsageComparisonJson(
  client: PoolClient,
  query: { tenantId: string; now: Date },
): Promise<string> {
  const { rows } = await client.query<{ body: string }>(sql, [
    query.tenantId,
    usageMonth(query.now),
    previousUsageMonth(query.now),
  ]);
  return rows[0]?.body ?? '[]';
}
