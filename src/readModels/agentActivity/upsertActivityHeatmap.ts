import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { offsetSegments } from '../../timeZones/zoneOffsets.js';
import { heatmapDeltas, windowMoves, type TenantWindow, type WindowMove } from './heatmapWindow.js';
import {
  hoursOverlapping,
  localHourOfWeek,
  quarterWithin,
  quartersOf,
} from './localQuarters.sql.js';
import type { AgentActivityDelta } from './projection.js';

/** Where one batch writes: the hourly table and the heatmap's two tables (live or a rebuild's shadows). */
export interface ActivityTables {
  hourly: string;
  heatmap: string;
  windows: string;
}

const id = pg.escapeIdentifier;

/** The stored windows of the tenants, UTC for those without a row. */
export async function readTenantWindows(
  client: PoolClient,
  tables: ActivityTables,
  tenantIds: readonly string[],
): Promise<Map<string, TenantWindow>> {
  const { rows } = await client.query<{
    tenant_id: string;
    window_start: Date | null;
    time_zone: string;
  }>(
    `SELECT tenant_id, window_start, time_zone FROM ${id(tables.windows)} WHERE tenant_id = ANY($1::uuid[])`,
    [tenantIds],
  );
  return new Map(
    rows.map((row) => [
      row.tenant_id,
      { start: row.window_start ?? undefined, timeZone: row.time_zone },
    ]),
  );
}

/**
 * Keeps the stored heatmap equal to the tenant's hourly rows from its window
 * start on, by local day of week and hour in the tenant's zone, inside the
 * batch's transaction. Runs before the hourly deltas are written: hours that
 * leave a moving window are subtracted as the hourly table held them before
 * this batch, and the batch's own deltas are added only inside the window
 * they move it to. So every hour is subtracted at most once, exactly when its
 * window start passes it, and a retried batch (rolled back, or refused by the
 * checkpoint) has written nothing.
 */
export async function upsertActivityHeatmap(
  client: PoolClient,
  tables: ActivityTables,
  deltas: readonly AgentActivityDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  const tenants = [...new Set(deltas.map((delta) => delta.tenantId))];
  const windows = await readTenantWindows(client, tables, tenants);
  const moves = windowMoves(windows, deltas);
  await subtractLeavingHours(client, tables, moves, windows);
  if (moves.length > 0) {
    await client.query(
      `INSERT INTO ${id(tables.windows)} AS w (tenant_id, window_start)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[])
       ON CONFLICT (tenant_id) DO UPDATE SET window_start = excluded.window_start`,
      [moves.map((move) => move.tenantId), moves.map((move) => move.to)],
    );
  }
  for (const move of moves) {
    const timeZone = windows.get(move.tenantId)?.timeZone ?? 'UTC';
    windows.set(move.tenantId, { start: move.to, timeZone });
  }
  await addHeatmapDeltas(client, tables, heatmapDeltas(deltas, windows));
}

async function addHeatmapDeltas(
  client: PoolClient,
  tables: ActivityTables,
  added: ReturnType<typeof heatmapDeltas>,
): Promise<void> {
  if (added.length === 0) return;
  // One row per agent: the batch's hours of an agent are added into its
  // counts in place (heatmap_add: migration 0022), and an agent without a
  // row yet gets one.
  await client.query(
    `WITH d AS (
       SELECT tenant_id, agent_id, array_agg(how) AS hows, array_agg(count) AS counts
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::bigint[]) AS d(tenant_id, agent_id, how, count)
        GROUP BY tenant_id, agent_id),
     updated AS (
       UPDATE ${id(tables.heatmap)} AS t SET counts = heatmap_add(t.counts, d.hows, d.counts)
         FROM d WHERE t.tenant_id = d.tenant_id AND t.agent_id = d.agent_id
       RETURNING t.tenant_id, t.agent_id)
     INSERT INTO ${id(tables.heatmap)} AS t (tenant_id, agent_id, counts)
     SELECT tenant_id, agent_id, heatmap_counts(hows, counts) FROM d
      WHERE NOT EXISTS (SELECT FROM updated u WHERE u.tenant_id = d.tenant_id AND u.agent_id = d.agent_id)
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET counts = heatmap_sum(t.counts, excluded.counts)`,
    [
      added.map((d) => d.tenantId),
      added.map((d) => d.agentId),
      added.map((d) => d.dow * 24 + d.hour),
      added.map((d) => d.count),
    ],
  );
}

// The quarters in [from, to) of each moving window, taken off the heatmap at
// their local hour of the week; an agent whose counts all reach zero is
// deleted, so the table holds what a fold of the window alone would.
async function subtractLeavingHours(
  client: PoolClient,
  tables: ActivityTables,
  moves: readonly WindowMove[],
  windows: ReadonlyMap<string, TenantWindow>,
): Promise<void> {
  const segments = moves.flatMap((move) =>
    move.from === undefined
      ? []
      : offsetSegments(windows.get(move.tenantId)?.timeZone ?? 'UTC', move.from, move.to).map(
          (segment) => ({ tenantId: move.tenantId, ...segment }),
        ),
  );
  if (segments.length === 0) return;
  const { rows } = await client.query<{ tenant_id: string; agent_id: string }>(
    `WITH s AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::int[])
                  AS s(tenant_id, from_at, to_at, offset_minutes)),
     gone AS (
       SELECT h.tenant_id, h.agent_id, array_agg(h.how) AS hows, array_agg(-h.count) AS counts
         FROM (SELECT h.tenant_id, h.agent_id, q.count, ${localHourOfWeek('h', 's')} AS how
                 FROM s
                 JOIN ${id(tables.hourly)} h
                   ON h.tenant_id = s.tenant_id AND ${hoursOverlapping('h', 's.from_at', 's.to_at')}
                 ${quartersOf('h')}
                WHERE q.count <> 0 AND ${quarterWithin('h', 's.from_at', 's.to_at')}) AS h
        GROUP BY h.tenant_id, h.agent_id),
     updated AS (
       UPDATE ${id(tables.heatmap)} AS t SET counts = heatmap_add(t.counts, gone.hows, gone.counts)
         FROM gone
        WHERE t.tenant_id = gone.tenant_id AND t.agent_id = gone.agent_id
       RETURNING t.tenant_id, t.agent_id, t.counts)
     SELECT tenant_id, agent_id FROM updated WHERE counts = array_fill(0::bigint, ARRAY[168])`,
    [
      segments.map((segment) => segment.tenantId),
      segments.map((segment) => segment.from),
      segments.map((segment) => segment.to),
      segments.map((segment) => segment.offsetMinutes),
    ],
  );
  if (rows.length === 0) return;
  await client.query(
    `DELETE FROM ${id(tables.heatmap)} AS t
      USING unnest($1::uuid[], $2::uuid[]) AS z(tenant_id, agent_id)
      WHERE t.tenant_id = z.tenant_id AND t.agent_id = z.agent_id`,
    [rows.map((r) => r.tenant_id), rows.map((r) => r.agent_id)],
  );
}
