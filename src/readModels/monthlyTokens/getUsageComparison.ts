import type { PoolClient } from '../../db/pool.js';
import { correctionArrays, localUsageMonth } from './localMonth.js';
import { monthEdgeSql } from './monthEdgeSql.js';

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
    FROM (SELECT a.agent_id, a.name, coalesce(m.token_count, 0) + coalesce(mc.tokens, 0) AS token_count,
                 coalesce(p.token_count, 0) + coalesce(pc.tokens, 0) AS previous_month_count
            FROM agents a
            LEFT JOIN agent_monthly_tokens m
              ON m.tenant_id = a.tenant_id AND m.agent_id = a.agent_id AND m.month = $2::date
            LEFT JOIN agent_monthly_tokens p
              ON p.tenant_id = a.tenant_id AND p.agent_id = a.agent_id AND p.month = $3::date
            LEFT JOIN (${monthEdgeSql('$4', '$5', '$6')}) mc ON mc.agent_id = a.agent_id
            LEFT JOIN (${monthEdgeSql('$7', '$8', '$9')}) pc ON pc.agent_id = a.agent_id
           WHERE a.tenant_id = $1) AS usage`;

/**
 * Every agent with its tokens this calendar month and the whole month before,
 * in the tenant's reporting time zone, as the JSON text of an
 * AgentUsageComparison[], most tokens (this month) first.
 */
export async function getUsageComparisonJson(
  client: PoolClient,
  query: { tenantId: string; now: Date; timeZone: string },
): Promise<string> {
  const month = localUsageMonth(query.timeZone, query.now);
  const previous = localUsageMonth(query.timeZone, query.now, 1);
  const { rows } = await client.query<{ body: string }>(sql, [
    query.tenantId,
    month.month,
    previous.month,
    ...correctionArrays(month),
    ...correctionArrays(previous),
  ]);
  return rows[0]?.body ?? '[]';
}
