import type { Pool } from '../../../src/db/pool.js';
import { heatmapDays } from '../../../src/readModels/agentActivity/heatmapWindow.js';
import { fillDailyCounts } from '../../../src/readModels/utcCalendar.js';

// The same answers as the analytics endpoints, computed by GROUP BY over the
// raw events table (through its tenant index), as a design without read models
// would have to. Rows come back in the endpoints' order and shape. Days, hours
// and months are the tenant's reporting time zone's, by Postgres's own zone
// rules (AT TIME ZONE), independent of the runtime's that the API uses.

const tokenTrendSql = `
  SELECT (occurred_at AT TIME ZONE $4)::date::text AS date, count(*)::int AS count
    FROM events
   WHERE tenant_id = $1 AND event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
     AND occurred_at >= $2 AND occurred_at < $3
   GROUP BY 1`;

// 1970-01-01 was a Thursday, 96 hours after a Sunday midnight; the epoch of
// the local time is its seconds since 1970-01-01 00:00 on the local clock.
const heatmapSql = `
  SELECT agent_id::text AS agent_id, how / 24 AS dow, how % 24 AS hour, count(*)::int AS count
    FROM (SELECT (data->>'agentId')::uuid AS agent_id,
                 ((floor(extract(epoch FROM occurred_at AT TIME ZONE $4))::bigint / 3600 + 96) % 168)::int AS how
            FROM events
           WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
             AND event_type IN ('AgentRegistered', 'AgentUpdated', 'AgentSecretRotated',
                                'AgentDeactivated', 'TokenIssued', 'TokenRequestRejected')
             AND data->>'agentId' IS NOT NULL) AS e
   GROUP BY agent_id, how
   ORDER BY agent_id, how`;

// Agents as registered (the benchmark's history has no renames), with their
// agent tokens of the current local month.
const agentUsageSql = `
  WITH registered AS (
    SELECT data->>'agentId' AS agent_id, data->>'name' AS name FROM events
     WHERE tenant_id = $1 AND event_type = 'AgentRegistered'),
  tokens AS (
    SELECT data->>'agentId' AS agent_id, count(*)::int AS token_count FROM events
     WHERE tenant_id = $1 AND event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
       AND occurred_at >= $2 AND occurred_at < $3
     GROUP BY 1)
  SELECT r.agent_id, r.name, coalesce(t.token_count, 0) AS token_count
    FROM registered r LEFT JOIN tokens t USING (agent_id)
   ORDER BY token_count DESC, r.name, r.agent_id::uuid`;

// The `days` local days ending with the local day of $1, and its local month,
// as instants; a skipped local midnight starts the day at the first instant
// it has.
const windowSql = `
  SELECT (today - $3::int + 1)::text AS first_date,
         (today - $3::int + 1)::timestamp AT TIME ZONE $2 AS start,
         (today + 1)::timestamp AT TIME ZONE $2 AS "end",
         date_trunc('month', today::timestamp) AT TIME ZONE $2 AS month_start,
         (date_trunc('month', today::timestamp) + interval '1 month') AT TIME ZONE $2 AS month_end
    FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS today) AS t`;

interface LocalWindow {
  first_date: string;
  start: Date;
  end: Date;
  month_start: Date;
  month_end: Date;
}

async function localWindow(pool: Pool, timeZone: string, now: Date, days: number) {
  const { rows } = await pool.query<LocalWindow>(windowSql, [now, timeZone, days]);
  return rows[0] as LocalWindow;
}

export async function rawTokenTrend(
  pool: Pool,
  tenantId: string,
  timeZone: string,
  days: number,
  now: Date,
) {
  const window = await localWindow(pool, timeZone, now, days);
  const { rows } = await pool.query<{ date: string; count: number }>(tokenTrendSql, [
    tenantId,
    window.start,
    window.end,
    timeZone,
  ]);
  // Local dates follow one another whatever the day lengths: count them on as UTC dates.
  return fillDailyCounts(
    new Date(`${window.first_date}T00:00:00Z`),
    days,
    new Map(rows.map((row) => [row.date, row.count])),
  );
}

export async function rawActivityHeatmap(
  pool: Pool,
  tenantId: string,
  timeZone: string,
  now: Date,
) {
  const window = await localWindow(pool, timeZone, now, heatmapDays);
  const { rows } = await pool.query(heatmapSql, [tenantId, window.start, window.end, timeZone]);
  return rows;
}

export async function rawAgentUsage(pool: Pool, tenantId: string, timeZone: string, now: Date) {
  const window = await localWindow(pool, timeZone, now, 1);
  const { rows } = await pool.query(agentUsageSql, [
    tenantId,
    window.month_start,
    window.month_end,
  ]);
  return rows;
}
