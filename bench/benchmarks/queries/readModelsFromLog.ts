import type { Pool } from '../../../src/db/pool.js';
import { heatmapDays } from '../../../src/readModels/agentActivity/heatmapWindow.js';

// Fills the read models of one tenant from its events by plain GROUP BY: the
// rows the projections would hold after processing the same events, written
// in seconds. The benchmark checks the API's answers against the raw
// aggregates before timing anything, so any difference would stop the run.
//
// Local days, hours and months come from Postgres's own zone rules (AT TIME
// ZONE), the API's from the runtime's, so the check also compares the two.

/** Every event of an agent counts as its activity (agentActivity's agentOf). */
const agentEvent = `event_type IN ('AgentRegistered', 'AgentUpdated', 'AgentSecretRotated',
                                   'AgentDeactivated', 'TokenIssued', 'TokenRequestRejected')
                    AND data->>'agentId' IS NOT NULL`;
const agentToken = `event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL`;
const quarterHour = `date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00Z')`;
/** The tenant's zone as tenant_settings holds it once filled: UTC without a row. */
const tenantZone = `coalesce((SELECT time_zone FROM tenant_settings WHERE tenant_id = $1), 'UTC')`;

const statements = [
  // The zone the tenant's log last set; no row while it never set one.
  `INSERT INTO tenant_settings (tenant_id, time_zone)
   SELECT tenant_id, data->>'timeZone' FROM events
    WHERE tenant_id = $1 AND event_type = 'TenantTimeZoneChanged'
    ORDER BY transaction_id DESC, position DESC LIMIT 1`,
  `INSERT INTO analytics_events (tenant_id, date, metric_type, count)
   SELECT tenant_id, (occurred_at AT TIME ZONE 'UTC')::date, metric_type, count(*)
     FROM (SELECT tenant_id, occurred_at,
                  CASE event_type
                    WHEN 'TokenIssued' THEN CASE WHEN data->>'agentId' IS NULL THEN 'admin_token_issued'
                                                 ELSE 'token_issued' END
                    WHEN 'TokenRequestRejected' THEN 'token_rejected'
                    WHEN 'AgentRegistered' THEN 'agent_registered'
                    WHEN 'AgentUpdated' THEN 'agent_updated'
                    WHEN 'AgentDeactivated' THEN 'agent_deactivated'
                    WHEN 'AgentSecretRotated' THEN 'agent_secret_rotated'
                  END AS metric_type
             FROM events WHERE tenant_id = $1) AS e
    WHERE metric_type IS NOT NULL
    GROUP BY 1, 2, 3`,
  `INSERT INTO tenant_token_quarter_hours (tenant_id, quarter, count)
   SELECT tenant_id, ${quarterHour}, count(*)
     FROM events WHERE tenant_id = $1 AND ${agentToken}
    GROUP BY 1, 2`,
  `INSERT INTO agent_activity_hourly (tenant_id, agent_id, hour, count, count_15, count_30, count_45)
   SELECT tenant_id, agent_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
          count(*), count(*) FILTER (WHERE minute >= 15 AND minute < 30),
          count(*) FILTER (WHERE minute >= 30 AND minute < 45), count(*) FILTER (WHERE minute >= 45)
     FROM (SELECT tenant_id, (data->>'agentId')::uuid AS agent_id, occurred_at,
                  extract(minute FROM occurred_at AT TIME ZONE 'UTC') AS minute
             FROM events WHERE tenant_id = $1 AND ${agentEvent}) AS e
    GROUP BY 1, 2, 3`,
  // The stored heatmap as the projection keeps it: in the tenant's zone, from
  // the first of the 30 local days ending with the local day of its newest
  // quarter hour with activity. A zone set before any activity: no start.
  `INSERT INTO agent_activity_heatmap_windows (tenant_id, window_start, time_zone)
   SELECT $1, (date_trunc('day', n.newest AT TIME ZONE z.zone) - interval '${heatmapDays - 1} days')
                AT TIME ZONE z.zone,
          z.zone
     FROM (SELECT ${tenantZone} AS zone) AS z,
          (SELECT max(hour + make_interval(mins => CASE WHEN count_45 > 0 THEN 45 WHEN count_30 > 0 THEN 30
                                                        WHEN count_15 > 0 THEN 15 ELSE 0 END)) AS newest
             FROM agent_activity_hourly WHERE tenant_id = $1) AS n
    WHERE n.newest IS NOT NULL OR EXISTS (SELECT 1 FROM tenant_settings WHERE tenant_id = $1)`,
  // One row per agent with its 168 counts (index dow * 24 + hour + 1).
  `INSERT INTO agent_activity_heatmap (tenant_id, agent_id, counts)
   SELECT tenant_id, agent_id, heatmap_counts(array_agg(how), array_agg(count))
     FROM (SELECT tenant_id, agent_id,
                  (extract(dow FROM local_at) * 24 + extract(hour FROM local_at))::int AS how,
                  count(*) AS count
             FROM (SELECT e.tenant_id, (e.data->>'agentId')::uuid AS agent_id,
                          e.occurred_at AT TIME ZONE w.time_zone AS local_at
                     FROM events e
                     JOIN agent_activity_heatmap_windows w
                       ON w.tenant_id = e.tenant_id AND e.occurred_at >= w.window_start
                    WHERE e.tenant_id = $1 AND ${agentEvent}) AS e
            GROUP BY 1, 2, 3) AS buckets
    GROUP BY 1, 2`,
  `INSERT INTO agent_monthly_tokens (tenant_id, month, agent_id, token_count)
   SELECT tenant_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date,
          (data->>'agentId')::uuid, count(*)
     FROM events WHERE tenant_id = $1 AND ${agentToken}
    GROUP BY 1, 2, 3`,
  // Tokens within 15 hours of a UTC month's start (monthlyTokens' nearMonthStart).
  `INSERT INTO agent_token_month_edges (tenant_id, quarter, agent_id, count)
   SELECT tenant_id, ${quarterHour}, (data->>'agentId')::uuid, count(*)
     FROM (SELECT *, date_trunc('month', occurred_at AT TIME ZONE 'UTC') AS month_start
             FROM events WHERE tenant_id = $1 AND ${agentToken}) AS e
    WHERE occurred_at < (month_start + interval '15 hours') AT TIME ZONE 'UTC'
       OR occurred_at >= (month_start + interval '1 month' - interval '15 hours') AT TIME ZONE 'UTC'
    GROUP BY 1, 2, 3`,
  `INSERT INTO agents (tenant_id, agent_id, client_id, name, description, scopes, status,
                       registered_at, updated_at)
   SELECT tenant_id, (data->>'agentId')::uuid, data->>'clientId', data->>'name', data->>'description',
          ARRAY(SELECT jsonb_array_elements_text(data->'scopes')), 'active', occurred_at, occurred_at
     FROM events WHERE tenant_id = $1 AND event_type = 'AgentRegistered'`,
];

export async function fillReadModelsFromLog(pool: Pool, tenantId: string): Promise<void> {
  for (const sql of statements) await pool.query(sql, [tenantId]);
  await pool.query('ANALYZE');
}
