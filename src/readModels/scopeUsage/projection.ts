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

type ScopeRows = Map<string | null, ScopeUsageDelta>;

/** Tokens per tenant, UTC day and agent (scope null), and per scope they carried. */
export function foldScopeUsage(events: readonly ProjectedEvent[]): ScopeUsageDelta[] {
  // Keyed by tenant, day and agent in nested maps once per token, then by
  // scope: no key string is built per token or per scope row.
  const byTenant = new Map<string, Map<string, Map<string, ScopeRows>>>();
  const deltas: ScopeUsageDelta[] = [];
  for (const event of events) {
    const token = agentTokenOf(event);
    if (!token) continue;
    const { tenantId, date, agentId, scopes } = token;
    const rows = rowsOf(rowsOf(rowsOf(byTenant, tenantId), date), agentId);
    countScope(rows, token, null, deltas);
    // A scope named twice in one token is still one use of it.
    for (const scope of scopes.length > 1 ? new Set(scopes) : scopes)
      countScope(rows, token, scope, deltas);
  }
  return deltas;
}

function rowsOf<V extends Map<unknown, unknown>>(level: Map<string, V>, key: string): V {
  let next = level.get(key);
  if (!next) {
    next = new Map() as V;
    level.set(key, next);
  }
  return next;
}

function countScope(
  rows: ScopeRows,
  { tenantId, date, agentId }: IssuedToken,
  scope: string | null,
  deltas: ScopeUsageDelta[],
): void {
  const existing = rows.get(scope);
  if (existing) existing.count += 1;
  else {
    const delta = { tenantId, date, agentId, scope, count: 1 };
    rows.set(scope, delta);
    deltas.push(delta);
  }
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
