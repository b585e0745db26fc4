import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcHour } from '../timeBuckets.js';

export const agentActivityTable = 'agent_activity_hourly';

export interface AgentActivityDelta {
  tenantId: string;
  agentId: string;
  /** Start of the UTC hour, ISO. */
  hour: string;
  count: number;
}

/** The agent an event is about, if any: every event of an agent counts as activity. */
export function agentOf(event: ProjectedEvent): string | null {
  switch (event.type) {
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentSecretRotated':
    case 'AgentDeactivated':
    case 'TokenIssued':
    case 'TokenRequestRejected':
      return event.data.agentId;
    // Revoking is done to a token, often by the tenant admin: not the agent's activity.
    case 'TokenRevoked':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
      return null;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export function foldAgentActivity(events: readonly ProjectedEvent[]): AgentActivityDelta[] {
  return countBy(
    events.map((event) => {
      const agentId = agentOf(event);
      return agentId === null
        ? undefined
        : { tenantId: event.tenantId, agentId, hour: utcHour(event.occurredAt) };
    }),
    (key) => `${key.tenantId}|${key.agentId}|${key.hour}`,
  );
}

async function writeAgentActivity(
  client: PoolClient,
  table: string,
  deltas: readonly AgentActivityDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, agent_id, hour, count)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[])
     ON CONFLICT (tenant_id, hour, agent_id) DO UPDATE SET count = t.count + excluded.count`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.agentId),
      deltas.map((d) => d.hour),
      deltas.map((d) => d.count),
    ],
  );
}

export const agentActivityProjection: Projection = foldedProjection({
  name: 'agentActivity',
  table: agentActivityTable,
  eventTypes: new Set([
    'AgentRegistered',
    'AgentUpdated',
    'AgentSecretRotated',
    'AgentDeactivated',
    'TokenIssued',
    'TokenRequestRejected',
  ]),
  fold: foldAgentActivity,
  write: writeAgentActivity,
});
