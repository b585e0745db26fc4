import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import { companionTarget, type Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { KeyedRows } from '../keyedRows.js';
import { utcHour } from '../timeBuckets.js';
import { rederiveActivityHeatmaps } from './rederiveActivityHeatmaps.js';
import { upsertActivityHeatmap, type ActivityTables } from './upsertActivityHeatmap.js';

export const agentActivityTable = 'agent_activity_hourly';
/** (agent, local day of week, hour) totals over each tenant's rolling window: see heatmapWindow.ts. */
export const activityHeatmapTable = 'agent_activity_heatmap';
/** The window start each tenant's heatmap rows count from, and the zone they are in. */
export const activityHeatmapWindowsTable = 'agent_activity_heatmap_windows';

export interface AgentActivityDelta {
  tenantId: string;
  agentId: string;
  /** Start of the UTC hour, ISO. */
  hour: string;
  /** Events in minutes 0-14, 15-29, 30-44 and 45-59 of the hour. */
  quarters: [number, number, number, number];
}

/** A tenant's reporting time zone changed in the batch (its last change there). */
export interface TimeZoneChange {
  tenantId: string;
  timeZone: string;
}

export interface AgentActivityDeltas {
  hours: AgentActivityDelta[];
  zoneChanges: TimeZoneChange[];
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

const hourMs = 3_600_000;
const quarterMs = 15 * 60_000;

/** 0..3: which quarter of its hour an instant falls in. */
function quarterOfHour(at: Date): number {
  return Math.floor((((at.getTime() % hourMs) + hourMs) % hourMs) / quarterMs);
}

export function foldAgentActivity(events: readonly ProjectedEvent[]): AgentActivityDeltas {
  const hours = new KeyedRows<AgentActivityDelta>();
  const zones = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'TenantTimeZoneChanged') {
      zones.set(event.tenantId, event.data.timeZone);
      continue;
    }
    const agentId = agentOf(event);
    if (agentId === null) continue;
    const hour = utcHour(event.occurredAt);
    const quarter = quarterOfHour(event.occurredAt);
    const delta = hours.at([event.tenantId, agentId, hour] as const, activityHour);
    delta.quarters[quarter] = (delta.quarters[quarter] ?? 0) + 1;
  }
  return {
    hours: hours.rows,
    zoneChanges: [...zones].map(([tenantId, timeZone]) => ({ tenantId, timeZone })),
  };
}

function activityHour([tenantId, agentId, hour]: readonly [string, string, string]) {
  return { tenantId, agentId, hour, quarters: [0, 0, 0, 0] } satisfies AgentActivityDelta;
}

async function writeAgentActivity(
  client: PoolClient,
  table: string,
  { hours, zoneChanges }: AgentActivityDeltas,
): Promise<void> {
  const tables: ActivityTables = {
    hourly: table,
    heatmap: companionTarget(agentActivityProjection, table, activityHeatmapTable),
    windows: companionTarget(agentActivityProjection, table, activityHeatmapWindowsTable),
  };
  const rederived = new Set(zoneChanges.map((change) => change.tenantId));
  // Before the hourly rows move: it subtracts hours as they were before this
  // batch. A tenant whose zone changed is derived afresh after them instead.
  await upsertActivityHeatmap(
    client,
    tables,
    hours.filter((delta) => !rederived.has(delta.tenantId)),
  );
  await writeHourlyRows(client, table, hours);
  if (zoneChanges.length > 0) await rederiveActivityHeatmaps(client, tables, zoneChanges);
}

async function writeHourlyRows(
  client: PoolClient,
  table: string,
  deltas: readonly AgentActivityDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  const quarter = (index: number) => deltas.map((d) => d.quarters[index]);
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, agent_id, hour, count, count_15, count_30, count_45)
     SELECT tenant_id, agent_id, hour, q0 + q15 + q30 + q45, q15, q30, q45
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
            AS d(tenant_id, agent_id, hour, q0, q15, q30, q45)
     ON CONFLICT (tenant_id, hour, agent_id) DO UPDATE
        SET count = t.count + excluded.count, count_15 = t.count_15 + excluded.count_15,
            count_30 = t.count_30 + excluded.count_30, count_45 = t.count_45 + excluded.count_45`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.agentId),
      deltas.map((d) => d.hour),
      quarter(0),
      quarter(1),
      quarter(2),
      quarter(3),
    ],
  );
}

// A rebuild has the whole log ahead: its pass writes the hourly rows and
// each tenant's latest zone only, and every tenant's heatmap is derived once
// at the end from its hourly rows, as a zone change derives it. That leaves
// what keeping the heatmap page by page leaves: its rows and window are a
// function of the hourly rows and the zone alone (heatmapWindow.ts), and
// upkeep page by page (reading back the hours each moving window leaves)
// was most of this projection's share of a rebuild.
async function writeHourlyRowsAndZones(
  client: PoolClient,
  table: string,
  { hours, zoneChanges }: AgentActivityDeltas,
): Promise<void> {
  await writeHourlyRows(client, table, hours);
  if (zoneChanges.length === 0) return;
  const windows = companionTarget(agentActivityProjection, table, activityHeatmapWindowsTable);
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(windows)} AS w (tenant_id, time_zone)
     SELECT * FROM unnest($1::uuid[], $2::text[])
     ON CONFLICT (tenant_id) DO UPDATE SET time_zone = excluded.time_zone`,
    [zoneChanges.map((change) => change.tenantId), zoneChanges.map((change) => change.timeZone)],
  );
}

async function deriveHeatmaps(client: PoolClient, table: string): Promise<void> {
  const tables: ActivityTables = {
    hourly: table,
    heatmap: companionTarget(agentActivityProjection, table, activityHeatmapTable),
    windows: companionTarget(agentActivityProjection, table, activityHeatmapWindowsTable),
  };
  const { rows } = await client.query<{ tenant_id: string; time_zone: string }>(
    `SELECT t.tenant_id, coalesce(w.time_zone, 'UTC') AS time_zone
       FROM (SELECT DISTINCT tenant_id FROM ${pg.escapeIdentifier(tables.hourly)}
             UNION SELECT tenant_id FROM ${pg.escapeIdentifier(tables.windows)}) AS t
       LEFT JOIN ${pg.escapeIdentifier(tables.windows)} AS w USING (tenant_id)`,
  );
  await rederiveActivityHeatmaps(
    client,
    tables,
    rows.map((row) => ({ tenantId: row.tenant_id, timeZone: row.time_zone })),
  );
}

export const agentActivityProjection: Projection = foldedProjection({
  name: 'agentActivity',
  table: agentActivityTable,
  companionTables: [activityHeatmapTable, activityHeatmapWindowsTable],
  eventTypes: new Set([
    'TenantTimeZoneChanged',
    'AgentRegistered',
    'AgentUpdated',
    'AgentSecretRotated',
    'AgentDeactivated',
    'TokenIssued',
    'TokenRequestRejected',
  ]),
  fold: foldAgentActivity,
  write: writeAgentActivity,
  shadowBuild: { write: writeHourlyRowsAndZones, finish: deriveHeatmaps },
});
