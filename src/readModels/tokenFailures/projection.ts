import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcDay } from '../timeBuckets.js';

export const tokenFailuresTable = 'token_failures_daily';

export interface TokenFailureDelta {
  tenantId: string;
  date: string;
  /** Null for the tenant admin client. */
  agentId: string | null;
  /** The OAuth error code the rejection recorded. */
  reason: string;
  count: number;
  /** The latest failure of the batch in this bucket. */
  lastFailureAt: Date;
}

interface Failure {
  tenantId: string;
  date: string;
  agentId: string | null;
  reason: string;
  at: Date;
}

export function failureOf(event: ProjectedEvent): Failure | undefined {
  switch (event.type) {
    case 'TokenRequestRejected':
      return {
        tenantId: event.tenantId,
        date: utcDay(event.occurredAt),
        agentId: event.data.agentId,
        reason: event.data.error,
        at: event.occurredAt,
      };
    case 'TokenIssued':
    case 'TokenRevoked':
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentDeactivated':
    case 'AgentSecretRotated':
    case 'AgentQuotaSet':
    case 'AgentQuotaRemoved':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
    case 'TenantTimeZoneChanged':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
      return undefined;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Counts and latest instant per tenant, UTC day, agent (or admin) and error code. */
export function foldTokenFailures(events: readonly ProjectedEvent[]): TokenFailureDelta[] {
  const deltas = new Map<string, TokenFailureDelta>();
  for (const event of events) {
    const failure = failureOf(event);
    if (!failure) continue;
    const id = `${failure.tenantId}|${failure.date}|${failure.agentId ?? ''}|${failure.reason}`;
    const existing = deltas.get(id);
    if (!existing) {
      const { at, ...key } = failure;
      deltas.set(id, { ...key, count: 1, lastFailureAt: at });
      continue;
    }
    existing.count += 1;
    if (failure.at > existing.lastFailureAt) existing.lastFailureAt = failure.at;
  }
  return [...deltas.values()];
}

async function writeTokenFailures(
  client: PoolClient,
  table: string,
  deltas: readonly TokenFailureDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  // The key is unique with NULLS NOT DISTINCT, so admin-client rows (agent_id NULL) fold too.
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t
            (tenant_id, date, agent_id, reason, count, last_failure_at)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::text[], $5::bigint[],
                          $6::timestamptz[])
     ON CONFLICT (tenant_id, date, reason, agent_id) DO UPDATE
        SET count = t.count + excluded.count,
            last_failure_at = GREATEST(t.last_failure_at, excluded.last_failure_at)`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.date),
      deltas.map((d) => d.agentId),
      deltas.map((d) => d.reason),
      deltas.map((d) => d.count),
      deltas.map((d) => d.lastFailureAt),
    ],
  );
}

export const tokenFailuresProjection: Projection = foldedProjection({
  name: 'tokenFailures',
  table: tokenFailuresTable,
  eventTypes: new Set(['TokenRequestRejected']),
  fold: foldTokenFailures,
  write: writeTokenFailures,
});
