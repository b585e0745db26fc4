import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { companionTarget, type Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { alertingProjection } from '../../webhooks/alerts/alertSource.js';
import type { Alert } from '../../webhooks/alerts/alert.js';
import { anomalyAlerts } from './anomalyAlerts.js';
import {
  deactivationsOf,
  recordDeactivations,
  withoutExpectedSilence,
  type Deactivation,
} from './deactivations.js';
import { sameFindings } from './anomalyModel.js';
import { hoursToJudge, startOfHour, type EarlierStart } from './hoursToJudge.js';
import { agentGroups, countedHours, type AgentGroup } from './countedHistory.js';
import { judgeHistory, type CountedHour } from './judgeHistory.js';
import type { JudgedHour } from './judgeAgentHours.js';
import { loadAndJudge } from './loadAndJudge.js';
import { readTenantsBefore, type TenantsBefore } from './tenantsBefore.js';
import { KeyedRows } from '../keyedRows.js';

export const agentAnomaliesTable = 'agent_anomalies_hourly';
/** When each deactivated agent was deactivated: its silence after is not alerted as a drop. */
export const anomalyDeactivationsTable = 'agent_anomaly_deactivations';

export interface HourlyCountsDelta {
  tenantId: string;
  agentId: string;
  /** Epoch milliseconds of the UTC hour's start. */
  hour: number;
  issued: number;
  rejected: number;
}

function countedOf(
  event: ProjectedEvent,
): { agentId: string; issued: number; rejected: number } | undefined {
  switch (event.type) {
    case 'TokenIssued':
      return event.data.agentId
        ? { agentId: event.data.agentId, issued: 1, rejected: 0 }
        : undefined;
    case 'TokenRequestRejected':
      return event.data.agentId
        ? { agentId: event.data.agentId, issued: 0, rejected: 1 }
        : undefined;
    case 'TokenRevoked':
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentDeactivated':
    case 'AgentSecretRotated':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
    case 'TenantTimeZoneChanged':
    case 'AgentQuotaSet':
    case 'AgentQuotaRemoved':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
      return undefined;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Agents' tokens issued and requests rejected per tenant and UTC hour; the admin client's are not counted. */
export function foldHourlyCounts(events: readonly ProjectedEvent[]): HourlyCountsDelta[] {
  const deltas = new KeyedRows<HourlyCountsDelta>();
  for (const event of events) {
    const counted = countedOf(event);
    if (!counted) continue;
    const hour = startOfHour(event.occurredAt.getTime());
    const delta = deltas.at([event.tenantId, counted.agentId, hour] as const, hourlyCounts);
    delta.issued += counted.issued;
    delta.rejected += counted.rejected;
  }
  return deltas.rows;
}

function hourlyCounts([tenantId, agentId, hour]: readonly [string, string, number]) {
  return { tenantId, agentId, hour, issued: 0, rejected: 0 };
}

async function addCounts(client: PoolClient, table: string, deltas: readonly HourlyCountsDelta[]) {
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, agent_id, hour, issued, rejected)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::int[], $5::int[])
     ON CONFLICT (tenant_id, agent_id, hour) DO UPDATE
        SET issued = t.issued + excluded.issued, rejected = t.rejected + excluded.rejected`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.agentId),
      deltas.map((d) => new Date(d.hour)),
      deltas.map((d) => d.issued),
      deltas.map((d) => d.rejected),
    ],
  );
}

function earlierStarts(
  before: ReadonlyMap<string, number>,
  deltas: readonly HourlyCountsDelta[],
): EarlierStart[] {
  const starts = new Map<string, EarlierStart>();
  for (const { agentId, hour } of deltas) {
    const first = before.get(agentId);
    if (first === undefined || hour >= first) continue;
    const known = starts.get(agentId);
    if (!known || hour < known.now) starts.set(agentId, { agentId, before: first, now: hour });
  }
  return [...starts.values()];
}

async function writeFindings(
  client: PoolClient,
  table: string,
  tenantId: string,
  judged: readonly JudgedHour[],
): Promise<void> {
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} AS t (tenant_id, agent_id, hour, findings)
     SELECT $1, * FROM unnest($2::uuid[], $3::timestamptz[], $4::jsonb[])
     ON CONFLICT (tenant_id, agent_id, hour) DO UPDATE SET findings = excluded.findings`,
    [
      tenantId,
      judged.map((entry) => entry.agentId),
      judged.map((entry) => new Date(entry.hour)),
      judged.map((entry) => JSON.stringify(entry.findings)),
    ],
  );
}

// Once the batch's counts are in, the hours it closed (or changed after they
// closed) are judged from the table itself, so live batches of any size and a
// rebuild from the log leave the same findings. `tenantsBefore` is what the
// table said before those counts were added.
async function judgeTenant(
  client: PoolClient,
  table: string,
  tenantId: string,
  deltas: readonly HourlyCountsDelta[],
  tenantsBefore: TenantsBefore,
): Promise<Alert[]> {
  const clock = tenantsBefore.clock(tenantId);
  const startsBefore = tenantsBefore.firstActiveHours(tenantId);
  const plan = hoursToJudge(clock, deltas, earlierStarts(startsBefore, deltas));
  const { judged, loaded } = await loadAndJudge(client, table, tenantId, plan);
  // Rows are written only where a finding appears, changes or goes away.
  const changed = judged.filter((entry) => {
    const before = loaded.get(entry.agentId, entry.hour)?.findings ?? [];
    return !sameFindings(before, entry.findings);
  });
  if (changed.length === 0) return [];
  const alerts = await withoutExpectedSilence(
    client,
    companionTarget(agentAnomaliesProjection, table, anomalyDeactivationsTable),
    tenantId,
    anomalyAlerts(
      tenantId,
      changed,
      (agentId, hour) => loaded.get(agentId, hour)?.findings ?? [],
      new Date(),
    ),
  );
  await writeFindings(client, table, tenantId, changed);
  // A silent hour whose drop went away leaves no row, as in a rebuild.
  const cleared = changed.filter((entry) => entry.findings.length === 0);
  if (cleared.length === 0) return alerts;
  await client.query(
    `DELETE FROM ${pg.escapeIdentifier(table)}
      WHERE tenant_id = $1 AND issued = 0 AND rejected = 0
        AND (agent_id, hour) IN (SELECT * FROM unnest($2::uuid[], $3::timestamptz[]))`,
    [tenantId, cleared.map((entry) => entry.agentId), cleared.map((entry) => new Date(entry.hour))],
  );
  return alerts;
}

// A rebuild's pass only counts; once the whole log is counted, each tenant's
// closed hours are judged from its rows at once, on this thread, instead of
// each page reading back the hours it closed with their baseline weeks.
// Alerts follow the rule a page's judgement applies: only hours closed within
// the grace period are alerted, so history is not. Postgres reads the next
// group's rows while this thread judges the current group.
async function judgeCountedTable(client: PoolClient, table: string): Promise<Alert[]> {
  const groups = await agentGroups(client, table);
  const read = (group: AgentGroup | undefined) => {
    const reading = group ? countedHours(client, table, group) : Promise.resolve([]);
    // Awaited on the next turn of the loop; a failure meanwhile is not unhandled.
    reading.catch(() => {});
    return reading;
  };
  const alerts: Alert[] = [];
  let reading = read(groups[0]);
  for (const [index, group] of groups.entries()) {
    const counted = await reading;
    reading = read(groups[index + 1]);
    alerts.push(...(await judgeGroup(client, table, group, counted)));
  }
  await reading;
  return alerts;
}

async function judgeGroup(
  client: PoolClient,
  table: string,
  { tenantId, span }: AgentGroup,
  counted: readonly CountedHour[],
): Promise<Alert[]> {
  const judged = judgeHistory(counted, span);
  if (judged.length === 0) return [];
  const alerts = await withoutExpectedSilence(
    client,
    companionTarget(agentAnomaliesProjection, table, anomalyDeactivationsTable),
    tenantId,
    anomalyAlerts(tenantId, judged, () => [], new Date()),
  );
  await writeFindings(client, table, tenantId, judged);
  return alerts;
}

async function recordCounts(
  client: PoolClient,
  table: string,
  { deactivations, counts }: AnomalyDeltas,
): Promise<void> {
  await recordDeactivations(
    client,
    companionTarget(agentAnomaliesProjection, table, anomalyDeactivationsTable),
    deactivations,
  );
  if (counts.length > 0) await addCounts(client, table, counts);
}

/** What a batch brings: deactivations to record, then hourly counts to add and judge. */
export interface AnomalyDeltas {
  deactivations: Deactivation[];
  counts: HourlyCountsDelta[];
}

// Findings that appear become anomaly.detected / agent.failures.spike alerts,
// written to the outbox in the batch's transaction. The fold is the batch's
// per-event work; judging reads the table, so it happens in the write.
export const agentAnomaliesProjection: Projection = alertingProjection<AnomalyDeltas>({
  name: 'agentAnomalies',
  table: agentAnomaliesTable,
  companionTables: [anomalyDeactivationsTable],
  eventTypes: new Set(['TokenIssued', 'TokenRequestRejected', 'AgentDeactivated']),
  fold: (events) => ({
    deactivations: deactivationsOf(events),
    counts: foldHourlyCounts(events),
  }),
  async write(client, table, deltas) {
    const { counts } = deltas;
    if (counts.length === 0) {
      await recordCounts(client, table, deltas);
      return [];
    }
    // Tenants' rows are apart, so reading every tenant's state, then adding
    // every tenant's counts, then judging tenant by tenant leaves what doing
    // each tenant in turn did, in three statements instead of three per tenant.
    const tenantsBefore = await readTenantsBefore(client, table, counts);
    await recordCounts(client, table, deltas);
    const byTenant = new Map<string, HourlyCountsDelta[]>();
    for (const delta of counts) {
      const deltas = byTenant.get(delta.tenantId) ?? [];
      deltas.push(delta);
      byTenant.set(delta.tenantId, deltas);
    }
    const alerts: Alert[] = [];
    for (const [tenantId, deltas] of byTenant) {
      alerts.push(...(await judgeTenant(client, table, tenantId, deltas, tenantsBefore)));
    }
    return alerts;
  },
  shadowBuild: { write: recordCounts, finish: judgeCountedTable },
});
