import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcMonth } from '../timeBuckets.js';

export const monthlyTokensTable = 'agent_monthly_tokens';

export interface MonthlyTokensDelta {
  tenantId: string;
  /** 'YYYY-MM-01' of the UTC month. */
  month: string;
  agentId: string;
  count: number;
}

export function foldMonthlyTokens(events: readonly ProjectedEvent[]): MonthlyTokensDelta[] {
  return countBy(
    events.map((event) =>
      event.type === 'TokenIssued' && event.data.agentId !== null
        ? {
            tenantId: event.tenantId,
            month: utcMonth(event.occurredAt),
            agentId: event.data.agentId,
          }
        : undefined,
    ),
    (key) => `${key.tenantId}|${key.month}|${key.agentId}`,
  );
}

async function writeMonthlyTokens(
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
  eventTypes: new Set(['TokenIssued']),
  fold: foldMonthlyTokens,
  write: writeMonthlyTokens,
});
