import type { PoolClient } from '../../db/pool.js';
import { utcDate, utcDayWindow } from '../utcCalendar.js';

export interface AgentFailures {
  agent_id: string;
  name: string;
  failures: number;
  by_reason: Record<string, number>;
  last_failure_at: string;
}

// Only agents: the admin client's failures (agent_id NULL) drop out of the
// join. The name is the agent's current one, from the agents read model.
const sql = `
  SELECT f.agent_id, a.name, f.reason, sum(f.count)::bigint AS count,
         max(f.last_failure_at) AS last_failure_at
    FROM token_failures_daily f
    JOIN agents a ON a.tenant_id = f.tenant_id AND a.agent_id = f.agent_id
   WHERE f.tenant_id = $1 AND f.date >= $2::date AND f.date < $3::date
   GROUP BY f.agent_id, a.name, f.reason`;

interface Row {
  agent_id: string;
  name: string;
  reason: string;
  count: string;
  last_failure_at: Date;
}

/** Agents with failed token requests in the window, most failures first, then agent_id. */
export async function getAgentFailures(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date },
): Promise<AgentFailures[]> {
  const { start, end } = utcDayWindow(query.now, query.days);
  const { rows } = await client.query<Row>(sql, [query.tenantId, utcDate(start), utcDate(end)]);
  const agents = new Map<string, AgentFailures>();
  for (const row of rows) {
    const count = Number(row.count);
    const at = row.last_failure_at.toISOString();
    const agent = agents.get(row.agent_id);
    if (!agent) {
      agents.set(row.agent_id, {
        agent_id: row.agent_id,
        name: row.name,
        failures: count,
        by_reason: { [row.reason]: count },
        last_failure_at: at,
      });
      continue;
    }
    agent.failures += count;
    agent.by_reason[row.reason] = count;
    if (at > agent.last_failure_at) agent.last_failure_at = at;
  }
  return [...agents.values()].sort(
    (a, b) => b.failures - a.failures || (a.agent_id < b.agent_id ? -1 : 1),
  );
}
