import type { PoolClient } from '../../db/pool.js';
import { utcDate, utcDayWindow } from '../utcCalendar.js';

/** Scope usage looks back over this many UTC days, today included. */
export const scopeUsageDays = 30;

export interface AgentScopeUsage {
  agent_id: string;
  name: string;
  granted: string[];
  used: Record<string, number>;
  unused: string[];
}

// Granted scopes are the agent's current ones, from the agents read model.
// Used scopes are those its tokens carried in the window, granted now or not.
const sql = `
  SELECT a.agent_id, a.name, a.scopes AS granted, u.scope, u.count
    FROM agents a
    LEFT JOIN (
      SELECT agent_id, scope, sum(count)::bigint AS count
        FROM agent_scope_usage_daily
       WHERE tenant_id = $1 AND date >= $2::date AND date < $3::date AND scope IS NOT NULL
       GROUP BY agent_id, scope) u ON u.agent_id = a.agent_id
   WHERE a.tenant_id = $1 AND ($4::uuid IS NULL OR a.agent_id = $4::uuid)
   ORDER BY a.name, a.agent_id, u.scope`;

interface Row {
  agent_id: string;
  name: string;
  granted: string[];
  scope: string | null;
  count: string | null;
}

/** Every agent (or one) with its granted scopes, their use in the last 30 days, and the unused ones. */
export async function getScopeUsage(
  client: PoolClient,
  query: { tenantId: string; agentId: string | undefined; now: Date },
): Promise<AgentScopeUsage[]> {
  const { start, end } = utcDayWindow(query.now, scopeUsageDays);
  const { rows } = await client.query<Row>(sql, [
    query.tenantId,
    utcDate(start),
    utcDate(end),
    query.agentId ?? null,
  ]);
  const agents = new Map<string, AgentScopeUsage>();
  for (const row of rows) {
    let agent = agents.get(row.agent_id);
    if (!agent) {
      agent = {
        agent_id: row.agent_id,
        name: row.name,
        granted: row.granted,
        used: {},
        unused: [],
      };
      agents.set(row.agent_id, agent);
    }
    if (row.scope !== null) agent.used[row.scope] = Number(row.count);
  }
  for (const agent of agents.values()) {
    agent.unused = agent.granted.filter((scope) => !(scope in agent.used));
  }
  return [...agents.values()];
}
