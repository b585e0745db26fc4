import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import { companionTarget, type Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcMonth, utcQuarterHour } from '../timeBuckets.js';

export const monthlyTokensTable = 'agent_monthly_tokens';
/** Agent tokens by quarter hour near each UTC month start: local months in any zone. */
export const monthEdgesTable = 'agent_token_month_edges';

/** How far from a UTC month's start a local month's start can lie (offsets: -12:00..+14:00). */
export const monthEdgeMs = 15 * 3_600_000;

export interface MonthlyTokensDelta {
  tenantId: string;
  /** 'YYYY-MM-01' of the UTC month. */
  month: string;
  agentId: string;
  count: number;
}

export interface MonthEdgeDelta {
  tenantId: string;
  /** Start of the UTC quarter hour, ISO. */
  quarter: string;
  agentId: string;
  count: number;
}

export interface MonthlyTokensDeltas {
  months: MonthlyTokensDelta[];
  edges: MonthEdgeDelta[];
}

// The bounds of the last UTC month asked about: consecutive events mostly
// share their month.
let lastMonthStart = Number.NaN;
let lastNextMonthStart = Number.NaN;

/** Whether an instant lies within monthEdgeMs of the start of a UTC month. */
export function nearMonthStart(instant: Date): boolean {
  const at = instant.getTime();
  if (!(at >= lastMonthStart && at < lastNextMonthStart)) {
    lastMonthStart = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), 1);
    lastNextMonthStart = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + 1, 1);
  }
  return at - lastMonthStart < monthEdgeMs || lastNextMonthStart - at <= monthEdgeMs;
}

export function foldMonthlyTokens(events: readonly ProjectedEvent[]): MonthlyTokensDeltas {
  const edges = countBy(
    events,
    (event) =>
      event.type === 'TokenIssued' &&
      event.data.agentId !== null &&
      nearMonthStart(event.occurredAt)
        ? ([event.tenantId, utcQuarterHour(event.occurredAt), event.data.agentId] as const)
        : undefined,
    ([tenantId, quarter, agentId], count): MonthEdgeDelta => ({
      tenantId,
      quarter,
      agentId,
      count,
    }),
  );
  return { months: foldMonths(events), edges };
}

function foldMonths(events: readonly ProjectedEvent[]): MonthlyTokensDelta[] {
  return countBy(
    events,
    (event) =>
      event.type === 'TokenIssued' && event.data.agentId !== null
        ? ([event.tenantId, utcMonth(event.occurredAt), event.data.agentId] as const)
        : undefined,
    ([tenantId, month, agentId], count): MonthlyTokensDelta => ({
      tenantId,
      month,
      agentId,
      count,
    }),
  );
}

async function writeMonthlyTokens(
  client: PoolClient,
  table: string,
  { months, edges }: MonthlyTokensDeltas,
): Promise<void> {
  await writeMonths(client, table, months);
  if (edges.length === 0) return;
  const edgesTable = companionTarget(monthlyTokensProjection, table, monthEdgesTable);
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(edgesTable)} AS t (tenant_id, quarter, agent_id, count)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::bigint[])
     ON CONFLICT (tenant_id, quarter, agent_id) DO UPDATE SET count = t.count + excluded.count`,
    [
      edges.map((d) => d.tenantId),
      edges.map((d) => d.quarter),
      edges.map((d) => d.agentId),
      edges.map((d) => d.count),
    ],
  );
}

async function writeMonths(
  client: PoolClient,
  table: string,
  deltas: readonly MonthlyTokensDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, month, agent_id, token_count)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::bigint[])
     ON CONFLICT (tenant_id, month, agent_id)
     DO UPDATE SET token_count = t.token_count + excluded.token_count`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.month),
      deltas.map((d) => d.agentId),
      deltas.map((d) => d.count),
    ],
  );
}

export const monthlyTokensProjection: Projection = foldedProjection({
  name: 'monthlyTokens',
  table: monthlyTokensTable,
  companionTables: [monthEdgesTable],
  eventTypes: new Set(['TokenIssued']),
  fold: foldMonthlyTokens,
  write: writeMonthlyTokens,
});
