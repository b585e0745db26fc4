import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcDay } from '../timeBuckets.js';

export const scopeUsageTable = 'agent_scope_usage_daily';

export interface ScopeUsageDelta {
  tenantId: string;
  date: string;
  agentId: string;
  /** Null for the agent's tokens of the day, whatever their scopes. */
  scope: string | null;
  count: number;
}

interface IssuedToken {
  tenantId: string;
  date: string;
  agentId: string;
  scopes: readonly string[];
}

export function agentTokenOf(event: ProjectedEvent): IssuedToken | undefined {
  switch (event.type) {
    case 'TokenIssued':
      // Admin sign-ins carry no agent: they are not an agent's usage.
      if (event.data.agentId === null) return undefined;
      return {
        tenantId: event.tenantId,
        date: utcDay(event.occurredAt),
        agentId: event.data.agentId,
        scopes: event.data.scopes,
      };
    case 'TokenRequestRejected':
    case 'TokenRevoked':
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentDeactivated':
    case 'AgentSecretRotated':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
    case 'TenantTimeZoneChanged':
    case 'AgentQuotaSet':
    case 'AgentQuotaRemoved':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
      return undefined;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Tokens per tenant, UTC day and agent (scope null), and per scope they carried. */
export function foldScopeUsage(events: readonly ProjectedEvent[]): ScopeUsageDelta[] {
  // Keyed by (tenant, day, agent) once per token, then by scope: one key
  // string per token instead of one per scope row, which was the fold's
  // whole cost under token traffic.
  const byAgentDay = new Map<string, Map<string | null, ScopeUsageDelta>>();
  const deltas: ScopeUsageDelta[] = [];
  for (const event of events) {
    const token = agentTokenOf(event);
    if (!token) continue;
    const { tenantId, date, agentId, scopes } = token;
    const id = `${tenantId}|${date}|${agentId}`;
    let rows = byAgentDay.get(id);
    if (!rows) {
      rows = new Map();
      byAgentDay.set(id, rows);
    }
    const count = (scope: string | null) => {
      const existing = rows.get(scope);
      if (existing) existing.count += 1;
      else {
        const delta = { tenantId, date, agentId, scope, count: 1 };
        rows.set(scope, delta);
        deltas.push(delta);
      }
    };
    count(null);
    // A scope named twice in one token is still one use of it.
    for (const scope of scopes.length > 1 ? new Set(scopes) : scopes) count(scope);
  }
  return deltas;
}

export const scopeUsageProjection: Projection = foldedProjection({
  name: 'scopeUsage',
  table: scopeUsageTable,
  eventTypes: new Set(['TokenIssued']),
  fold: foldScopeUsage,
  async write(client: PoolClient, table: string, deltas: readonly ScopeUsageDelta[]) {
    if (deltas.length === 0) return;
    // The key is unique with NULLS NOT DISTINCT, so the per-agent rows (scope NULL) fold too.
    await client.query(
      `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, date, agent_id, scope, count)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::text[], $5::bigint[])
       ON CONFLICT (tenant_id, date, agent_id, scope) DO UPDATE SET count = t.count + excluded.count`,
      [
        deltas.map((d) => d.tenantId),
        deltas.map((d) => d.date),
        deltas.map((d) => d.agentId),
        deltas.map((d) => d.scope),
        deltas.map((d) => d.count),
      ],
    );
  },
});
