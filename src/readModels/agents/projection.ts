import pg from 'pg';
import type { QuotaMode, QuotaPeriod } from '../../contract.js';
import type { PoolClient } from '../../db/pool.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';

export const agentsTable = 'agents';

/** The net effect of a batch on one agent. Undefined fields stay as they are. */
export interface AgentChange {
  tenantId: string;
  agentId: string;
  /** The batch registers the agent: every field below is set and the row is inserted. */
  registered: boolean;
  clientId?: string;
  name?: string;
  /** null clears the description; undefined leaves it. */
  description?: string | null;
  scopes?: string[];
  /** null removes the quota; undefined leaves it. */
  quota?: { limit: number; period: QuotaPeriod; mode: QuotaMode } | null;
  registeredAt?: Date;
  deactivatedAt?: Date;
  updatedAt: Date;
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

// Events of one agent share a stream, so they arrive in order; agents are
// independent of each other, so interleaving across streams does not matter.
export function foldAgents(events: readonly ProjectedEvent[]): AgentChange[] {
  const changes = new Map<string, AgentChange>();
  const changeFor = (tenantId: string, agentId: string, at: Date): AgentChange => {
    const key = `${tenantId}|${agentId}`;
    let change = changes.get(key);
    if (!change) {
      change = { tenantId, agentId, registered: false, updatedAt: at };
      changes.set(key, change);
    }
    change.updatedAt = later(change.updatedAt, at);
    return change;
  };
  for (const event of events) {
    const at = event.occurredAt;
    switch (event.type) {
      case 'AgentRegistered': {
        const change = changeFor(event.tenantId, event.data.agentId, at);
        Object.assign(change, {
          registered: true,
          clientId: event.data.clientId,
          name: event.data.name,
          description: event.data.description,
          scopes: [...event.data.scopes],
          registeredAt: at,
        });
        break;
      }
      case 'AgentUpdated': {
        const change = changeFor(event.tenantId, event.data.agentId, at);
        if (event.data.name !== undefined) change.name = event.data.name;
        if (event.data.description !== undefined) change.description = event.data.description;
        if (event.data.scopes !== undefined) change.scopes = [...event.data.scopes];
        break;
      }
      case 'AgentQuotaSet': {
        const { limit, period, mode } = event.data;
        changeFor(event.tenantId, event.data.agentId, at).quota = { limit, period, mode };
        break;
      }
      case 'AgentQuotaRemoved':
        changeFor(event.tenantId, event.data.agentId, at).quota = null;
        break;
      case 'AgentSecretRotated':
        changeFor(event.tenantId, event.data.agentId, at).clientId = event.data.clientId;
        break;
      case 'AgentDeactivated': {
        const change = changeFor(event.tenantId, event.data.agentId, at);
        change.deactivatedAt ??= at;
        break;
      }
      default:
        break;
    }
  }
  return [...changes.values()];
}

const insertSql = (table: string) => `
  INSERT INTO ${pg.escapeIdentifier(table)}
    (tenant_id, agent_id, client_id, name, description, scopes, status,
     registered_at, updated_at, deactivated_at, quota_limit, quota_period, quota_mode)
  SELECT t.tenant_id, t.agent_id, t.client_id, t.name, t.description,
         ARRAY(SELECT jsonb_array_elements_text(t.scopes)),
         CASE WHEN t.deactivated_at IS NULL THEN 'active' ELSE 'deactivated' END,
         t.registered_at, t.updated_at, t.deactivated_at,
         (t.quota ->> 'limit')::bigint, t.quota ->> 'period', t.quota ->> 'mode'
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[],
                $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::jsonb[])
      AS t(tenant_id, agent_id, client_id, name, description, scopes,
           registered_at, updated_at, deactivated_at, quota)
  ON CONFLICT (tenant_id, agent_id) DO NOTHING`;

const updateSql = (table: string) => `
  UPDATE ${pg.escapeIdentifier(table)} AS a SET
    client_id = coalesce(t.client_id, a.client_id),
    name = coalesce(t.name, a.name),
    description = CASE WHEN t.has_description THEN t.description ELSE a.description END,
    scopes = CASE WHEN t.scopes IS NULL THEN a.scopes
                  ELSE ARRAY(SELECT jsonb_array_elements_text(t.scopes)) END,
    status = CASE WHEN t.deactivated_at IS NULL THEN a.status ELSE 'deactivated' END,
    deactivated_at = coalesce(a.deactivated_at, t.deactivated_at),
    updated_at = greatest(a.updated_at, t.updated_at),
    quota_limit = CASE WHEN t.has_quota THEN (t.quota ->> 'limit')::bigint ELSE a.quota_limit END,
    quota_period = CASE WHEN t.has_quota THEN t.quota ->> 'period' ELSE a.quota_period END,
    quota_mode = CASE WHEN t.has_quota THEN t.quota ->> 'mode' ELSE a.quota_mode END
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::text[],
              $7::jsonb[], $8::timestamptz[], $9::timestamptz[], $10::boolean[], $11::jsonb[])
    AS t(tenant_id, agent_id, client_id, name, has_description, description, scopes,
         updated_at, deactivated_at, has_quota, quota)
  WHERE a.tenant_id = t.tenant_id AND a.agent_id = t.agent_id`;

const iso = (at: Date | undefined) => at?.toISOString() ?? null;
const json = (value: object | null | undefined) => (value ? JSON.stringify(value) : null);

async function writeAgents(
  client: PoolClient,
  table: string,
  changes: readonly AgentChange[],
): Promise<void> {
  const inserts = changes.filter((c) => c.registered);
  const updates = changes.filter((c) => !c.registered);
  if (inserts.length > 0) {
    await client.query(insertSql(table), [
      inserts.map((c) => c.tenantId),
      inserts.map((c) => c.agentId),
      inserts.map((c) => c.clientId),
      inserts.map((c) => c.name),
      inserts.map((c) => c.description ?? null),
      inserts.map((c) => json(c.scopes)),
      inserts.map((c) => iso(c.registeredAt)),
      inserts.map((c) => iso(c.updatedAt)),
      inserts.map((c) => iso(c.deactivatedAt)),
      inserts.map((c) => json(c.quota)),
    ]);
  }
  if (updates.length > 0) {
    await client.query(updateSql(table), [
      updates.map((c) => c.tenantId),
      updates.map((c) => c.agentId),
      updates.map((c) => c.clientId ?? null),
      updates.map((c) => c.name ?? null),
      updates.map((c) => c.description !== undefined),
      updates.map((c) => c.description ?? null),
      updates.map((c) => json(c.scopes)),
      updates.map((c) => iso(c.updatedAt)),
      updates.map((c) => iso(c.deactivatedAt)),
      updates.map((c) => c.quota !== undefined),
      updates.map((c) => json(c.quota)),
    ]);
  }
}

export const agentsProjection: Projection = foldedProjection({
  name: 'agents',
  table: agentsTable,
  eventTypes: new Set([
    'AgentRegistered',
    'AgentUpdated',
    'AgentSecretRotated',
    'AgentDeactivated',
    'AgentQuotaSet',
    'AgentQuotaRemoved',
  ]),
  fold: foldAgents,
  write: writeAgents,
});
