import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { countBy } from '../countBy.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { utcHour } from '../timeBuckets.js';

export const agentTokenHoursTable = 'agent_token_hours';

export interface AgentTokenHoursDelta {
  tenantId: string;
  agentId: string;
  /** Start of the UTC hour, ISO. */
  hour: string;
  count: number;
}

/** Agent tokens issued per UTC hour: a quota's hour, day or month is a sum of these. */
export function foldAgentTokenHours(events: readonly ProjectedEvent[]): AgentTokenHoursDelta[] {
  return countBy(
    events,
    (event) =>
      event.type === 'TokenIssued' && event.data.agentId !== null
        ? ([event.tenantId, event.data.agentId, utcHour(event.occurredAt)] as const)
        : undefined,
    ([tenantId, agentId, hour], count): AgentTokenHoursDelta => ({
      tenantId,
      agentId,
      hour,
      count,
    }),
  );
}

export const agentTokenHoursProjection: Projection = foldedProjection({
  name: 'agentTokenHours',
  table: agentTokenHoursTable,
  eventTypes: new Set(['TokenIssued']),
  fold: foldAgentTokenHours,
  async write(client: PoolClient, table: string, deltas: readonly AgentTokenHoursDelta[]) {
    if (deltas.length === 0) return;
    await client.query(
      `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, agent_id, hour, tokens)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[])
       ON CONFLICT (tenant_id, agent_id, hour) DO UPDATE SET tokens = t.tokens + excluded.tokens`,
      [
        deltas.map((d) => d.tenantId),
        deltas.map((d) => d.agentId),
        deltas.map((d) => d.hour),
        deltas.map((d) => d.count),
      ],
    );
  },
});
