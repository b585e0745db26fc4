import type { PoolClient } from '../../db/pool.js';
import { addUtcDays, utcDayWindow } from '../utcCalendar.js';
import { heatmapDays } from './heatmapWindow.js';
import { heatmapJson, type AgentHours } from './heatmapJson.js';

export interface ActivityBucket {
  agent_id: string;
  /** 0 = Sunday .. 6 = Saturday, UTC. */
  dow: number;
  hour: number;
  count: number;
}

// The answer is the hourly rows of [start, end) summed by agent, UTC day of
// week and hour. The stored heatmap holds that sum from the tenant's window
// start on (heatmapWindow.ts); the window follows the tenant's newest hour,
// not the clock, so after days without activity it lags the asked window.
// The hourly rows between the two starts are then added or subtracted, and
// any hours from `end` on (a clock set back) subtracted: a few days of rows
// at most. A stored window a whole width or more away from the asked one (or
// none at all) saves nothing, and the answer is summed from the hourly rows
// alone.
//
// One statement, so the window, the stored rows and the corrections come from
// one snapshot even under READ COMMITTED. Rows come back per agent as two
// arrays (hour of week, count): tens of thousands of buckets cost far less to
// send as a thousand rows and to write as JSON in Node than to format in
// Postgres. The stored rows are an index-only scan of the table's key.
const sql = `
  WITH tenant_window AS (
    SELECT coalesce(max(window_start), 'infinity'::timestamptz) AS window_start
      FROM agent_activity_heatmap_windows WHERE tenant_id = $1),
  plan AS (
    SELECT window_start, window_start > $4::timestamptz AND window_start < $3::timestamptz AS stored
      FROM tenant_window),
  ranges AS (
    SELECT least(window_start, $2::timestamptz) AS from_hour,
           greatest(window_start, $2::timestamptz) AS to_hour,
           CASE WHEN window_start > $2::timestamptz THEN 1 ELSE -1 END AS sign
      FROM plan WHERE stored AND window_start <> $2::timestamptz
    UNION ALL
    SELECT $3::timestamptz, 'infinity'::timestamptz, -1 FROM plan WHERE stored
    UNION ALL
    SELECT $2::timestamptz, $3::timestamptz, 1 FROM plan WHERE NOT stored),
  corrections AS (
    SELECT h.agent_id, ((extract(epoch FROM h.hour)::bigint / 3600 + 96) % 168)::int AS how,
           sum(h.count * r.sign)::bigint AS count
      FROM ranges r
      JOIN agent_activity_hourly h
        ON h.tenant_id = $1 AND h.hour >= r.from_hour AND h.hour < r.to_hour
     WHERE $5::uuid IS NULL OR h.agent_id = $5::uuid
     GROUP BY 1, 2)
  SELECT agent_id, array_agg(dow * 24 + hour) AS hows, array_agg(count) AS counts
    FROM agent_activity_heatmap
   WHERE tenant_id = $1 AND (SELECT stored FROM plan) AND ($5::uuid IS NULL OR agent_id = $5::uuid)
   GROUP BY agent_id
  UNION ALL
  SELECT agent_id, array_agg(how), array_agg(count) FROM corrections GROUP BY agent_id`;

// Array columns come back as Postgres text ({1,2,3}); heatmapJson reads them.
const asText = { getTypeParser: () => (value: string) => value };

export interface ActivityHeatmapQuery {
  tenantId: string;
  now: Date;
  agentId?: string | undefined;
}

/**
 * Per-agent activity over the last 30 UTC days (today included) by day of
 * week and hour, as the JSON text of an ActivityBucket[] sorted by agent,
 * day of week and hour.
 */
export async function getActivityHeatmapJson(
  client: PoolClient,
  query: ActivityHeatmapQuery,
): Promise<string> {
  const { start, end } = utcDayWindow(query.now, heatmapDays);
  const { rows } = await client.query<AgentHours>({
    text: sql,
    values: [query.tenantId, start, end, addUtcDays(start, -heatmapDays), query.agentId ?? null],
    rowMode: 'array',
    types: asText,
  });
  return heatmapJson(rows);
}
