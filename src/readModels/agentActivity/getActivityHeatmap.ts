import type { PoolClient } from '../../db/pool.js';
import { localDayWindow } from '../../timeZones/zonedCalendar.js';
import { offsetSegments, unboundedSegmentArrays } from '../../timeZones/zoneOffsets.js';
import { addUtcDays } from '../utcCalendar.js';
import { heatmapDays } from './heatmapWindow.js';
import { heatmapJson, type AgentHours } from './heatmapJson.js';
import {
  hoursOverlapping,
  localHourOfWeek,
  quarterStart,
  quarterWithin,
  quartersOf,
} from './localQuarters.sql.js';

export interface ActivityBucket {
  agent_id: string;
  /** 0 = Sunday .. 6 = Saturday, in the tenant's reporting time zone. */
  dow: number;
  hour: number;
  count: number;
}

// The answer is the hourly rows of [start, end) summed by agent and local day
// of week and hour, in the tenant's reporting time zone. The stored heatmap
// holds that sum from the tenant's window start on (heatmapWindow.ts); the
// window follows the tenant's newest activity, not the clock, so after days
// without activity it lags the asked window. The quarter hours between the
// two starts are then added or subtracted, and any from `end` on (a clock set
// back) subtracted: a few days of rows at most. A stored window a whole width
// or more away from the asked one, in another zone (its projection has not
// yet seen a zone change) or none at all saves nothing, and the answer is
// summed from the hourly rows alone.
//
// One statement, so the window, the stored rows and the corrections come from
// one snapshot even under READ COMMITTED. Rows come back per agent as two
// arrays (hour of week, count): tens of thousands of buckets cost far less to
// send as a thousand rows and to write as JSON in Node than to format in
// Postgres. The stored rows are an index-only scan of the table's key.
const sql = `
  WITH tenant_window AS (
    SELECT coalesce(max(window_start) FILTER (WHERE time_zone = $6), 'infinity'::timestamptz) AS window_start
      FROM agent_activity_heatmap_windows WHERE tenant_id = $1),
  plan AS (
    SELECT window_start, window_start > $4::timestamptz AND window_start < $3::timestamptz AS stored
      FROM tenant_window),
  ranges AS (
    SELECT least(window_start, $2::timestamptz) AS from_at,
           greatest(window_start, $2::timestamptz) AS to_at,
           CASE WHEN window_start > $2::timestamptz THEN 1 ELSE -1 END AS sign
      FROM plan WHERE stored AND window_start <> $2::timestamptz
    UNION ALL
    SELECT $3::timestamptz, 'infinity'::timestamptz, -1 FROM plan WHERE stored
    UNION ALL
    SELECT $2::timestamptz, $3::timestamptz, 1 FROM plan WHERE NOT stored),
  corrections AS (
    SELECT h.agent_id, ${localHourOfWeek('h', 's')} AS how, sum(q.count * r.sign)::bigint AS count
      FROM ranges r
      JOIN agent_activity_hourly h
        ON h.tenant_id = $1 AND ${hoursOverlapping('h', 'r.from_at', 'r.to_at')}
      ${quartersOf('h')}
      JOIN unnest($7::timestamptz[], $8::timestamptz[], $9::int[]) AS s(from_at, to_at, offset_minutes)
        ON ${quarterStart('h')} >= s.from_at AND ${quarterStart('h')} < s.to_at
     WHERE q.count <> 0 AND ${quarterWithin('h', 'r.from_at', 'r.to_at')}
       AND ($5::uuid IS NULL OR h.agent_id = $5::uuid)
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
  timeZone: string;
  agentId?: string | undefined;
}

/**
 * Per-agent activity over the last 30 local days (today included) by local
 * day of week and hour, as the JSON text of an ActivityBucket[] sorted by agent,
 * day of week and hour.
 */
export async function getActivityHeatmapJson(
  client: PoolClient,
  query: ActivityHeatmapQuery,
): Promise<string> {
  const { start, end } = localDayWindow(query.timeZone, query.now, heatmapDays);
  const tooFarBack = addUtcDays(start, -heatmapDays);
  // Every quarter the corrections can reach lies within a window's width of
  // [start, end); the outer segments run on to cover any row at all.
  const segments = offsetSegments(query.timeZone, addUtcDays(tooFarBack, -1), addUtcDays(end, 31));
  const { rows } = await client.query<AgentHours>({
    text: sql,
    values: [
      query.tenantId,
      start,
      end,
      tooFarBack,
      query.agentId ?? null,
      query.timeZone,
      ...unboundedSegmentArrays(segments),
    ],
    rowMode: 'array',
    types: asText,
  });
  return heatmapJson(rows);
}
