import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import type { CountedHour, TenantSpan } from './judgeHistory.js';

// Reading back what a rebuild's pass counted, for judging at its end.

/** Agents of one tenant judged together: memory holds a group's history, not a tenant's. */
export interface AgentGroup {
  tenantId: string;
  span: TenantSpan;
  agentIds: string[];
}

const agentsPerGroup = 500;

/** Every tenant's agents in the counted table, in groups of at most 500, with the tenant's span of hours. */
export async function agentGroups(client: PoolClient, table: string): Promise<AgentGroup[]> {
  const name = pg.escapeIdentifier(table);
  const tenants = await client.query<{ tenant_id: string; earliest: Date; latest: Date }>(
    `SELECT tenant_id, min(hour) AS earliest, max(hour) AS latest FROM ${name} GROUP BY tenant_id`,
  );
  const groups: AgentGroup[] = [];
  for (const { tenant_id: tenantId, earliest, latest } of tenants.rows) {
    const span = { earliest: earliest.getTime(), latest: latest.getTime() };
    const agents = await client.query<{ agent_id: string }>(
      `SELECT DISTINCT agent_id FROM ${name} WHERE tenant_id = $1`,
      [tenantId],
    );
    const agentIds = agents.rows.map((row) => row.agent_id);
    for (let at = 0; at < agentIds.length; at += agentsPerGroup) {
      groups.push({ tenantId, span, agentIds: agentIds.slice(at, at + agentsPerGroup) });
    }
  }
  return groups;
}

/** The counted hours of a group's agents. */
export async function countedHours(
  client: PoolClient,
  table: string,
  group: AgentGroup,
): Promise<CountedHour[]> {
  const { rows } = await client.query<{
    agent_id: string;
    hour: Date;
    issued: number;
    rejected: number;
  }>(
    `SELECT agent_id, hour, issued, rejected FROM ${pg.escapeIdentifier(table)}
      WHERE tenant_id = $1 AND agent_id = ANY($2::uuid[])`,
    [group.tenantId, group.agentIds],
  );
  return rows.map((row) => ({
    agentId: row.agent_id,
    hour: row.hour.getTime(),
    issued: row.issued,
    rejected: row.rejected,
  }));
}
