import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { heatmapDeltas, windowMoves, type WindowMove } from './heatmapWindow.js';
import type { AgentActivityDelta } from './projection.js';

/** Where one batch writes: the hourly table and the heatmap's two tables (live or a rebuild's shadows). */
export interface ActivityTables {
  hourly: string;
  heatmap: string;
  windows: string;
}

const id = pg.escapeIdentifier;

/**
 * Keeps the stored heatmap equal to the tenant's hourly rows from its window
 * start on, inside the batch's transaction. Runs before the hourly deltas are
 * written: hours that leave a moving window are subtracted as the hourly
 * table held them before this batch, and the batch's own deltas are added
 * only inside the window they move it to. So every hour is subtracted at most
 * once, exactly when its window start passes it, and a retried batch (rolled
 * back, or refused by the checkpoint) has written nothing.
 */
export async function upsertActivityHeatmap(
  client: PoolClient,
  tables: ActivityTables,
  deltas: readonly AgentActivityDelta[],
): Promise<void> {
  const tenants = [...new Set(deltas.map((delta) => delta.tenantId))];
  const { rows } = await client.query<{ tenant_id: string; window_start: Date }>(
    `SELECT tenant_id, window_start FROM ${id(tables.windows)} WHERE tenant_id = ANY($1::uuid[])`,
    [tenants],
  );
  const starts = new Map(rows.map((row) => [row.tenant_id, row.window_start]));
  const moves = windowMoves(starts, deltas);
  await subtractLeavingHours(client, tables, moves);
  if (moves.length > 0) {
    await client.query(
      `INSERT INTO ${id(tables.windows)} AS w (tenant_id, window_start)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[])
       ON CONFLICT (tenant_id) DO UPDATE SET window_start = excluded.window_start`,
      [moves.map((move) => move.tenantId), moves.map((move) => move.to)],
    );
  }
  for (const move of moves) starts.set(move.tenantId, move.to);
  const added = heatmapDeltas(deltas, starts);
  if (added.length === 0) return;
  await client.query(
    `INSERT INTO ${id(tables.heatmap)} AS t (tenant_id, agent_id, dow, hour, count)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::smallint[], $5::bigint[])
     ON CONFLICT (tenant_id, agent_id, dow, hour) DO UPDATE SET count = t.count + excluded.count`,
    [
      added.map((d) => d.tenantId),
      added.map((d) => d.agentId),
      added.map((d) => d.dow),
      added.map((d) => d.hour),
      added.map((d) => d.count),
    ],
  );
}

// The hourly rows in [from, to) of each moving window, taken off the heatmap;
// buckets that reach zero are deleted, so the table holds what a fold of the
// window alone would.
async function subtractLeavingHours(
  client: PoolClient,
  tables: ActivityTables,
  moves: readonly WindowMove[],
): Promise<void> {
  const leaving = moves.filter((move) => move.from !== undefined);
  if (leaving.length === 0) return;
  const { rows } = await client.query<{
    tenant_id: string;
    agent_id: string;
    dow: number;
    hour: number;
  }>(
    `WITH gone AS (
       SELECT h.tenant_id, h.agent_id, how / 24 AS dow, how % 24 AS hour, sum(h.count) AS count
         FROM (SELECT h.tenant_id, h.agent_id, h.count,
                      ((extract(epoch FROM h.hour)::bigint / 3600 + 96) % 168)::int AS how
                 FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS m(tenant_id, from_hour, to_hour)
                 JOIN ${id(tables.hourly)} h
                   ON h.tenant_id = m.tenant_id AND h.hour >= m.from_hour AND h.hour < m.to_hour) AS h
        GROUP BY h.tenant_id, h.agent_id, h.how),
     updated AS (
       UPDATE ${id(tables.heatmap)} AS t SET count = t.count - gone.count
         FROM gone
        WHERE t.tenant_id = gone.tenant_id AND t.agent_id = gone.agent_id
          AND t.dow = gone.dow AND t.hour = gone.hour
       RETURNING t.tenant_id, t.agent_id, t.dow, t.hour, t.count)
     SELECT tenant_id, agent_id, dow, hour FROM updated WHERE count = 0`,
    [
      leaving.map((move) => move.tenantId),
      leaving.map((move) => move.from),
      leaving.map((move) => move.to),
    ],
  );
  if (rows.length === 0) return;
  await client.query(
    `DELETE FROM ${id(tables.heatmap)} AS t
      USING unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::smallint[]) AS z(tenant_id, agent_id, dow, hour)
      WHERE t.tenant_id = z.tenant_id AND t.agent_id = z.agent_id AND t.dow = z.dow AND t.hour = z.hour`,
    [
      rows.map((r) => r.tenant_id),
      rows.map((r) => r.agent_id),
      rows.map((r) => r.dow),
      rows.map((r) => r.hour),
    ],
  );
}
