import type { PoolClient } from '../db/pool.js';
import { startOfUtcMonth, utcDate } from './utcCalendar.js';

export interface AgentUsage {
  agent_id: string;
  name: string;
  token_count: number;
}

// From agents, so an agent without tokens this month still shows with 0.
// agent_id as a last key keeps equal names in a stable order.
const sql = `
  SELECT a.agent_id::text AS agent_id, a.name, coalesce(m.token_count, 0) AS token_count
    FROM agents a
    LEFT JOIN agent_monthly_tokens m
      ON m.tenant_id = a.tenant_id AND m.agent_id = a.agent_id AND m.month = $2::date
   WHERE a.tenant_id = $1
   ORDER BY token_count DESC, a.name, a.agent_id`;

interface Row {
  agent_id: string;
  name: string;
  token_count: number | string;
}

/** Every agent of the tenant with its token issuances in the current UTC calendar month. */
export async function getAgentUsage(
  client: PoolClient,
  query: { tenantId: string; now: Date },
): Promise<AgentUsage[]> {
  const { rows } = await client.query<Row>(sql, [
    query.tenantId,
    utcDate(startOfUtcMonth(query.now)),
  ]);
  return rows.map((row) => ({ ...row, token_count: Number(row.token_count) }));
}
