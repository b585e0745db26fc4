import type { PoolClient } from '../../db/pool.js';
import { utcDayWindow } from '../utcCalendar.js';

export const heatmapDays = 30;

export interface ActivityBucket {
  agent_id: string;
  /** 0 = Sunday .. 6 = Saturday, UTC. */
  dow: number;
  hour: number;
  count: number;
}

// Buckets are UTC hours. Grouping on the hour of the week as integer
// arithmetic on the epoch (1970-01-01 was a Thursday, 96 hours after a Sunday
// midnight) is independent of the session time zone and much cheaper than
// extract(... AT TIME ZONE) over ~100k rows for a 1,000-agent tenant. The
// window is an index-only scan (0004_query_indexes.sql); the work_mem lets the
// aggregate hash in memory instead of sorting to disk. The answer, up to
// 168 buckets per agent, leaves Postgres as one JSON document: building it
// there costs a fraction of decoding tens of thousands of rows in Node and
// serializing them again. agent_id stays a uuid until row_to_json writes it:
// sorting by uuid is a byte comparison, by text a collation's, and the order
// of lowercase hex is the same.
const workMemSql = `SELECT set_config('work_mem', '32MB', true)`;
const sql = `
  SELECT coalesce('[' || string_agg(row_to_json(bucket)::text, ',' ORDER BY bucket.agent_id, bucket.dow, bucket.hour) || ']', '[]') AS body
    FROM (SELECT agent_id, how / 24 AS dow, how % 24 AS hour, sum(count)::bigint AS count
            FROM (SELECT agent_id, ((extract(epoch FROM hour)::bigint / 3600 + 96) % 168)::int AS how, count
                    FROM agent_activity_hourly
                   WHERE tenant_id = $1 AND hour >= $2 AND hour < $3
                     AND ($4::uuid IS NULL OR agent_id = $4::uuid)) AS hours
           GROUP BY agent_id, how) AS bucket`;

export interface ActivityHeatmapQuery {
  tenantId: string;
  now: Date;
  agentId?: string | undefined;
}

/** The UTC day the heatmap window starts on; part of what an answer depends on. */
export function heatmapWindowStart(now: Date): Date {
  return utcDayWindow(now, heatmapDays).start;
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
  await client.query(workMemSql);
  const { rows } = await client.query<{ body: string }>(sql, [
    query.tenantId,
    start,
    end,
    query.agentId ?? null,
  ]);
  return rows[0]?.body ?? '[]';
}
