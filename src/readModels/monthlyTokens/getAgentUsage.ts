import type { PoolClient } from '../../db/pool.js';
import type { AgentQuotaView } from '../agents/agentRow.js';
import { quotaUsedColumn } from '../agents/agentRow.js';
import { correctionArrays, localUsageMonth } from './localMonth.js';
import { monthEdgeSql } from './monthEdgeSql.js';

export interface AgentUsage {
  agent_id: string;
  name: string;
  token_count: number;
  /** The agent's quota with its use in the current UTC period; absent without one. */
  quota?: AgentQuotaView;
}

/** An instant as the API writes it: ISO 8601 in UTC with milliseconds. */
function isoText(instant: string): string {
  return `to_char((${instant}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

// From agents, so an agent without tokens this month still shows with 0.
// agent_id as a last key keeps equal names in a stable order. Built as one
// JSON document in Postgres, like the heatmap (getActivityHeatmap.ts). A row
// without a quota has no quota key, so the answer without quotas is the one
// the dashboard has always had.
const sql = `
  SELECT coalesce('[' || string_agg(json_strip_nulls(row_to_json(usage))::text, ',' ORDER BY usage.token_count DESC, usage.name, usage.agent_id) || ']', '[]') AS body
    FROM (SELECT a.agent_id, a.name, coalesce(m.token_count, 0) + coalesce(c.tokens, 0) AS token_count,
                 CASE WHEN a.quota_period IS NULL THEN NULL ELSE json_build_object(
                   'limit', a.quota_limit, 'period', a.quota_period, 'mode', a.quota_mode,
                   'used', (${quotaUsedColumn('a', '$3')})::bigint,
                   'period_start', ${isoText("date_trunc(a.quota_period, $3::timestamptz, 'UTC')")},
                   'period_end', ${isoText("date_trunc(a.quota_period, $3::timestamptz, 'UTC') + ('1 ' || a.quota_period)::interval")})
                 END AS quota
            FROM agents a
            LEFT JOIN agent_monthly_tokens m
              ON m.tenant_id = a.tenant_id AND m.agent_id = a.agent_id AND m.month = $2::date
            LEFT JOIN (${monthEdgeSql('$4', '$5', '$6')}) c ON c.agent_id = a.agent_id
           WHERE a.tenant_id = $1) AS usage`;

/**
 * Every agent of the tenant with its token issuances in the current calendar
 * month of the tenant's reporting time zone, as the JSON text of an
 * AgentUsage[], most tokens first.
 */
export async function getAgentUsageJson(
  client: PoolClient,
  query: { tenantId: string; now: Date; timeZone: string },
): Promise<string> {
  const month = localUsageMonth(query.timeZone, query.now);
  const { rows } = await client.query<{ body: string }>(sql, [
    query.tenantId,
    month.month,
    query.now,
    ...correctionArrays(month),
  ]);
  return rows[0]?.body ?? '[]';
}
