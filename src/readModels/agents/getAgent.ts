import type { PoolClient } from '../../db/pool.js';
import { agentColumns, toAgentView, type AgentRow, type AgentView } from './agentRow.js';

const sql = `SELECT ${agentColumns('$3')} FROM agents WHERE tenant_id = $1 AND agent_id = $2`;

/** The tenant's agent, or undefined; another tenant's agent is indistinguishable from none. */
export async function getAgent(
  client: PoolClient,
  query: { tenantId: string; agentId: string; now: Date },
): Promise<AgentView | undefined> {
  const { rows } = await client.query<AgentRow>(sql, [query.tenantId, query.agentId, query.now]);
  return rows[0] ? toAgentView(rows[0], query.now) : undefined;
}
