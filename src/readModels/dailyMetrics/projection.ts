import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import { companionTarget, type Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcDay, utcQuarterHour } from '../timeBuckets.js';

export const dailyMetricsTable = 'analytics_events';
/** Agent tokens per tenant and UTC quarter hour: the trend in any reporting time zone. */
export const tokenQuarterHoursTable = 'tenant_token_quarter_hours';

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

/** Agent token issuances; admin sign-ins are counted apart as admin_token_issued. */
export const tokenIssuedMetric: MetricType = 'token_issued';

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

export interface TokenQuarterDelta {
  tenantId: string;
  /** Start of the UTC quarter hour, ISO. */
  quarter: string;
  count: number;
}

export interface DailyMetricsDeltas {
  metrics: DailyMetricDelta[];
  quarters: TokenQuarterDelta[];
}

export function foldDailyMetrics(events: readonly ProjectedEvent[]): DailyMetricsDeltas {
  const metrics = countBy(
    events,
    (event) => {
      const metricType = metricOf(event);
      return metricType && ([event.tenantId, utcDay(event.occurredAt), metricType] as const);
    },
    ([tenantId, date, metricType], count): DailyMetricDelta => ({
      tenantId,
      date,
      metricType,
      count,
    }),
  );
  const quarters = countBy(
    events,
    (event) =>
      metricOf(event) === tokenIssuedMetric
        ? ([event.tenantId, utcQuarterHour(event.occurredAt)] as const)
        : undefined,
    ([tenantId, quarter], count): TokenQuarterDelta => ({ tenantId, quarter, count }),
  );
  return { metrics, quarters };
}

async function writeDailyMetrics(
  client: PoolClient,
  table: string,
  { metrics, quarters }: DailyMetricsDeltas,
): Promise<void> {
  await writeMetrics(client, table, metrics);
  if (quarters.length === 0) return;
  const quarterTable = companionTarget(dailyMetricsProjection, table, tokenQuarterHoursTable);
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(quarterTable)} AS t (tenant_id, quarter, count)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[])
     ON CONFLICT (tenant_id, quarter) DO UPDATE SET count = t.count + excluded.count`,
    [quarters.map((d) => d.tenantId), quarters.map((d) => d.quarter), quarters.map((d) => d.count)],
  );
}

async function writeMetrics(
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
  companionTables: [tokenQuarterHoursTable],
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
