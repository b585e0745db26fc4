import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';

/** What the hourly table said about a batch's tenants before the batch's counts landed. */
export interface TenantsBefore {
  /** The tenant's latest hour with a counted event: its log clock (null before any). */
  clock(tenantId: string): number | null;
  /** The first hour with a token or a rejection of each of the tenant's agents in the batch. */
  firstActiveHours(tenantId: string): Map<string, number>;
}

const key = (tenantId: string, agentId: string) => `${tenantId}|${agentId}`;

// Two statements for every tenant of the batch together, where each tenant
// took two of its own: under token traffic from many tenants a wake-up's
// statement count no longer grows with the tenants in it. Each tenant's
// answers are the ones tenantClock and firstActiveHours give.
export async function readTenantsBefore(
  client: PoolClient,
  table: string,
  agents: readonly { tenantId: string; agentId: string }[],
): Promise<TenantsBefore> {
  const name = pg.escapeIdentifier(table);
  const pairs = new Map(agents.map((agent) => [key(agent.tenantId, agent.agentId), agent]));
  const tenantIds = [...new Set(agents.map((agent) => agent.tenantId))];
  const clocks = await client.query<{ tenant_id: string; hour: Date | null }>(
    `SELECT c.tenant_id,
            (SELECT max(hour) FROM ${name} t WHERE t.tenant_id = c.tenant_id) AS hour
       FROM unnest($1::uuid[]) AS c(tenant_id)`,
    [tenantIds],
  );
  const starts = await client.query<{ tenant_id: string; agent_id: string; hour: Date | null }>(
    `SELECT a.tenant_id, a.agent_id,
            (SELECT min(hour) FROM ${name} t
              WHERE t.tenant_id = a.tenant_id AND t.agent_id = a.agent_id
                AND (t.issued > 0 OR t.rejected > 0)) AS hour
       FROM unnest($1::uuid[], $2::uuid[]) AS a(tenant_id, agent_id)`,
    [[...pairs.values()].map((p) => p.tenantId), [...pairs.values()].map((p) => p.agentId)],
  );
  const clockOf = new Map(clocks.rows.map((row) => [row.tenant_id, row.hour?.getTime() ?? null]));
  const firstActive = new Map<string, Map<string, number>>();
  for (const row of starts.rows) {
    if (!row.hour) continue;
    const hours = firstActive.get(row.tenant_id) ?? new Map<string, number>();
    hours.set(row.agent_id, row.hour.getTime());
    firstActive.set(row.tenant_id, hours);
  }
  return {
    clock: (tenantId) => clockOf.get(tenantId) ?? null,
    firstActiveHours: (tenantId) => firstActive.get(tenantId) ?? new Map(),
  };
}
