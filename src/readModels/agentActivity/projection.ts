import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import { companionTarget, type Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcHour } from '../timeBuckets.js';
import { upsertActivityHeatmap } from './upsertActivityHeatmap.js';

export const agentActivityTable = 'agent_activity_hourly';
/** (agent, UTC day of week, hour) totals over each tenant's rolling window: see heatmapWindow.ts. */
export const activityHeatmapTable = 'agent_activity_heatmap';
/** The window start each tenant's heatmap rows count from. */
export const activityHeatmapWindowsTable = 'agent_activity_heatmap_windows';

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
    // Revoking is done to a token, often by the tenant admin, and a quota is a
    // setting about the agent's tokens: neither is the agent's activity.
    case 'TokenRevoked':
    case 'AgentQuotaSet':
    case 'AgentQuotaRemoved':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
    case 'TenantTimeZoneChanged':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
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
  // Before the hourly rows move: it subtracts hours as they were before this batch.
  await upsertActivityHeatmap(
    client,
    {
      hourly: table,
      heatmap: companionTarget(agentActivityProjection, table, activityHeatmapTable),
      windows: companionTarget(agentActivityProjection, table, activityHeatmapWindowsTable),
    },
    deltas,
  );
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
  companionTables: [activityHeatmapTable, activityHeatmapWindowsTable],
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
