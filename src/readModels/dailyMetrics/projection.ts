import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcDay } from '../timeBuckets.js';

export const dailyMetricsTable = 'analytics_events';

export type MetricType =
  | 'token_issued'
  | 'admin_token_issued'
  | 'token_rejected'
  | 'agent_registered'
  | 'agent_updated'
  | 'agent_deactivated'
  | 'agent_secret_rotated';

export interface DailyMetricDelta {
  tenantId: string;
  date: string;
  metricType: MetricType;
  count: number;
}

export function metricOf(event: ProjectedEvent): MetricType | undefined {
  switch (event.type) {
    case 'TokenIssued':
      return event.data.agentId === null ? 'admin_token_issued' : 'token_issued';
    case 'TokenRequestRejected':
      return 'token_rejected';
    case 'AgentRegistered':
      return 'agent_registered';
    case 'AgentUpdated':
      return 'agent_updated';
    case 'AgentDeactivated':
      return 'agent_deactivated';
    case 'AgentSecretRotated':
      return 'agent_secret_rotated';
    case 'TokenRevoked':
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

export function foldDailyMetrics(events: readonly ProjectedEvent[]): DailyMetricDelta[] {
  return countBy(
    events.map((event) => {
      const metricType = metricOf(event);
      return metricType && { tenantId: event.tenantId, date: utcDay(event.occurredAt), metricType };
    }),
    (key) => `${key.tenantId}|${key.date}|${key.metricType}`,
  );
}

async function writeDailyMetrics(
  client: PoolClient,
  table: string,
  deltas: readonly DailyMetricDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  // Table names cannot be parameters; `table` is this projection's own constant or its shadow.
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, date, metric_type, count)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::bigint[])
     ON CONFLICT (tenant_id, metric_type, date) DO UPDATE SET count = t.count + excluded.count`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.date),
      deltas.map((d) => d.metricType),
      deltas.map((d) => d.count),
    ],
  );
}

export const dailyMetricsProjection: Projection = foldedProjection({
  name: 'dailyMetrics',
  table: dailyMetricsTable,
  eventTypes: new Set([
    'TokenIssued',
    'TokenRequestRejected',
    'AgentRegistered',
    'AgentUpdated',
    'AgentDeactivated',
    'AgentSecretRotated',
  ]),
  fold: foldDailyMetrics,
  write: writeDailyMetrics,
});
