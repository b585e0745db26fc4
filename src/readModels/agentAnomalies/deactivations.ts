import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import type { Alert } from '../../webhooks/alerts/alert.js';
import { isExpectedSilence } from './afterDeactivation.js';
import type { AnomalyKind } from './anomalyModel.js';

const id = pg.escapeIdentifier;

/** An agent's deactivation, at epoch milliseconds. */
export interface Deactivation {
  tenantId: string;
  agentId: string;
  at: number;
}

/** The batch's deactivations, in log order. Pure. */
export function deactivationsOf(events: readonly ProjectedEvent[]): Deactivation[] {
  return events.flatMap((event) =>
    event.type === 'AgentDeactivated'
      ? [{ tenantId: event.tenantId, agentId: event.data.agentId, at: event.occurredAt.getTime() }]
      : [],
  );
}

/** Each agent's deactivation in the batch, kept beside the hourly counts (the first one stands). */
export async function recordDeactivations(
  client: PoolClient,
  table: string,
  deactivated: readonly Deactivation[],
): Promise<void> {
  if (deactivated.length === 0) return;
  await client.query(
    `INSERT INTO ${id(table)} (tenant_id, agent_id, deactivated_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
     ON CONFLICT (tenant_id, agent_id) DO NOTHING`,
    [
      deactivated.map((d) => d.tenantId),
      deactivated.map((d) => d.agentId),
      deactivated.map((d) => new Date(d.at)),
    ],
  );
}

/**
 * The alerts less the drops of agents that were deactivated by then: the
 * rule the anomalies endpoint applies (afterDeactivation.ts), decided here
 * from this projection's own record of the log, so it holds for webhooks too.
 */
export async function withoutExpectedSilence(
  client: PoolClient,
  table: string,
  tenantId: string,
  alerts: readonly Alert[],
): Promise<Alert[]> {
  const drops = alerts.filter((alert) => alert.data.kind === 'drop');
  if (drops.length === 0) return [...alerts];
  const { rows } = await client.query<{ agent_id: string; deactivated_at: Date }>(
    `SELECT agent_id, deactivated_at FROM ${id(table)}
      WHERE tenant_id = $1 AND agent_id = ANY($2::uuid[])`,
    [tenantId, [...new Set(drops.map((alert) => alert.data.agentId as string))]],
  );
  const deactivatedAt = new Map(rows.map((row) => [row.agent_id, row.deactivated_at]));
  return alerts.filter(
    (alert) =>
      !isExpectedSilence(
        alert.data.kind as AnomalyKind,
        Date.parse(alert.data.hour as string),
        deactivatedAt.get(alert.data.agentId as string) ?? null,
      ),
  );
}
