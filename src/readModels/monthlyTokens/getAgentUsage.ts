import type { PoolClient } from '../../db/pool.js';
import { startOfUtcMonth, utcDate } from '../utcCalendar.js';

export interface AgentUsage {
  agent_id: string;
  name: string;
  token_count: number;
}

// From agents, so an agent without tokens this month still shows with 0.
// agent_id as a last key keeps equal names in a stable order. Built as one
// JSON document in Postgres, like the heatmap (getActivityHeatmap.ts).
const sql = `
  SELECT coalesce('[' || string_agg(row_to_json(usage)::text, ',' ORDER BY usage.token_count DESC, usage.name, usage.agent_id) || ']', '[]') AS body
    FROM (SELECT a.agent_id, a.name, coalesce(m.token_count, 0) AS token_count
            FROM agents a
            LEFT JOIN agent_monthly_tokens m
              ON m.tenant_id = a.tenant_id AND m.agent_id = a.agent_id AND m.month = $2::date
           WHERE a.tenant_id = $1) AS usage`;

/** The first day of the current UTC calendar month, 'YYYY-MM-DD'; part of what an answer depends on. */
export function usageMonth(now: Date): string {
  return utcDate(startOfUtcMonth(now));
}

/**
 * Every agent of the tenant with its token issuances in the current UTC
 * calendar month, as the JSON text of an AgentUsage[], most tokens first.
 */
export async function getAgentUsageJson(
  client: PoolClient,
  query: { tenantId: string; now: Date },
): Promise<string> {
  const { rows } = await client.query<{ body: string }>(sql, [
    query.tenantId,
    usageMonth(query.now),
  ]);
  return rows[0]?.body ?? '[]';
}
