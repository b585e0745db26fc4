import type { PoolClient } from '../db/pool.js';
import { utcDayWindow } from './utcCalendar.js';

export const heatmapDays = 30;

export interface ActivityBucket {
  agent_id: string;
  /** 0 = Sunday .. 6 = Saturday, UTC. */
  dow: number;
  hour: number;
  count: number;
}

// Buckets are UTC hours; AT TIME ZONE 'UTC' keeps dow/hour independent of the
// session time zone.
const sql = `
  SELECT agent_id::text AS agent_id,
         extract(dow FROM hour AT TIME ZONE 'UTC')::int AS dow,
         extract(hour FROM hour AT TIME ZONE 'UTC')::int AS hour,
         sum(count)::bigint AS count
    FROM agent_activity_hourly
   WHERE tenant_id = $1 AND hour >= $2 AND hour < $3
     AND ($4::uuid IS NULL OR agent_id = $4::uuid)
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3`;

interface Row {
  agent_id: string;
  dow: number;
  hour: number;
  count: number | string;
}

/** Per-agent activity over the last 30 UTC days (today included) by day of week and hour. */
export async function getActivityHeatmap(
  client: PoolClient,
  query: { tenantId: string; now: Date; agentId?: string | undefined },
): Promise<ActivityBucket[]> {
  const { start, end } = utcDayWindow(query.now, heatmapDays);
  const { rows } = await client.query<Row>(sql, [
    query.tenantId,
    start,
    end,
    query.agentId ?? null,
  ]);
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}
