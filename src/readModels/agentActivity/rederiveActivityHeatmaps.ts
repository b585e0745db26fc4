import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { offsetSegments } from '../../timeZones/zoneOffsets.js';
import { heatmapWindowStart, quarterMinutes } from './heatmapWindow.js';
import {
  hoursOverlapping,
  localHourOfWeek,
  quarterWithin,
  quartersOf,
} from './localQuarters.sql.js';
import type { TimeZoneChange } from './projection.js';
import type { ActivityTables } from './upsertActivityHeatmap.js';

const id = pg.escapeIdentifier;
const minuteMs = 60_000;

/**
 * After a tenant's reporting time zone changed: its stored heatmap derived
 * afresh from its hourly rows (already holding the batch), in the new zone,
 * over the window its newest activity gives in that zone. Rare (an admin's
 * setting), and bounded by the tenant's last 30 days of hourly rows.
 */
export async function rederiveActivityHeatmaps(
  client: PoolClient,
  tables: ActivityTables,
  changes: readonly TimeZoneChange[],
): Promise<void> {
  for (const { tenantId, timeZone } of changes) {
    const newest = await newestActivity(client, tables, tenantId);
    const start = newest === undefined ? null : heatmapWindowStart(timeZone, newest);
    await client.query(`DELETE FROM ${id(tables.heatmap)} WHERE tenant_id = $1`, [tenantId]);
    await client.query(
      `INSERT INTO ${id(tables.windows)} AS w (tenant_id, window_start, time_zone)
       VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET window_start = excluded.window_start, time_zone = excluded.time_zone`,
      [tenantId, start, timeZone],
    );
    if (start === null || newest === undefined) continue;
    const segments = offsetSegments(timeZone, start, new Date(newest.getTime() + 15 * minuteMs));
    await client.query(
      `INSERT INTO ${id(tables.heatmap)} (tenant_id, agent_id, counts)
       SELECT $1, agent_id, heatmap_counts(array_agg(how), array_agg(count))
         FROM (SELECT h.agent_id, q.count, ${localHourOfWeek('h', 's')} AS how
                 FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[]) AS s(from_at, to_at, offset_minutes)
                 JOIN ${id(tables.hourly)} h
                   ON h.tenant_id = $1 AND ${hoursOverlapping('h', 's.from_at', 's.to_at')}
                 ${quartersOf('h')}
                WHERE q.count <> 0 AND ${quarterWithin('h', 's.from_at', 's.to_at')}) AS quarters
        GROUP BY agent_id`,
      [
        tenantId,
        segments.map((segment) => segment.from),
        segments.map((segment) => segment.to),
        segments.map((segment) => segment.offsetMinutes),
      ],
    );
  }
}

/** The start of the tenant's newest quarter hour with activity, if any. */
async function newestActivity(
  client: PoolClient,
  tables: ActivityTables,
  tenantId: string,
): Promise<Date | undefined> {
  const { rows } = await client.query<{ hour: Date; last_quarter: number }>(
    `SELECT h.hour, max(CASE WHEN h.count_45 > 0 THEN 3 WHEN h.count_30 > 0 THEN 2
                             WHEN h.count_15 > 0 THEN 1 ELSE 0 END) AS last_quarter
       FROM ${id(tables.hourly)} h
      WHERE h.tenant_id = $1
        AND h.hour = (SELECT max(hour) FROM ${id(tables.hourly)} WHERE tenant_id = $1)
      GROUP BY h.hour`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return new Date(row.hour.getTime() + (quarterMinutes[row.last_quarter] ?? 0) * minuteMs);
}
