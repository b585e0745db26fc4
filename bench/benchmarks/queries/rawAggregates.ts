import type { Pool } from '../../../src/db/pool.js';
import { heatmapDays } from '../../../src/readModels/agentActivity/heatmapWindow.js';
import {
  addUtcDays,
  fillDailyCounts,
  startOfUtcMonth,
  utcDayWindow,
} from '../../../src/readModels/utcCalendar.js';

// The same answers as the analytics endpoints, computed by GROUP BY over the
// raw events table (through its tenant index), as a design without read models
// would have to. Rows come back in the endpoints' order and shape.

const tokenTrendSql = `
  SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS date, count(*)::int AS count
    FROM events
   WHERE tenant_id = $1 AND event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
     AND occurred_at >= $2 AND occurred_at < $3
   GROUP BY 1`;

const heatmapSql = `
  SELECT agent_id::text AS agent_id, how / 24 AS dow, how % 24 AS hour, count(*)::int AS count
    FROM (SELECT (data->>'agentId')::uuid AS agent_id,
                 ((extract(epoch FROM occurred_at)::bigint / 3600 + 96) % 168)::int AS how
            FROM events
           WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
             AND event_type IN ('AgentRegistered', 'AgentUpdated', 'AgentSecretRotated',
                                'AgentDeactivated', 'TokenIssued', 'TokenRequestRejected')
             AND data->>'agentId' IS NOT NULL) AS e
   GROUP BY agent_id, how
   ORDER BY agent_id, how`;

// Agents as registered (the benchmark's history has no renames), with their
// agent tokens of the current UTC month.
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

export async function rawTokenTrend(pool: Pool, tenantId: string, days: number, now: Date) {
  const { start, end } = utcDayWindow(now, days);
  const { rows } = await pool.query<{ date: string; count: number }>(tokenTrendSql, [
    tenantId,
    start,
    end,
  ]);
  return fillDailyCounts(start, days, new Map(rows.map((row) => [row.date, row.count])));
}

export async function rawActivityHeatmap(pool: Pool, tenantId: string, now: Date) {
  const { start, end } = utcDayWindow(now, heatmapDays);
  const { rows } = await pool.query(heatmapSql, [tenantId, start, end]);
  return rows;
}

export async function rawAgentUsage(pool: Pool, tenantId: string, now: Date) {
  const start = startOfUtcMonth(now);
  const end = startOfUtcMonth(addUtcDays(start, 32));
  const { rows } = await pool.query(agentUsageSql, [tenantId, start, end]);
  return rows;
}
