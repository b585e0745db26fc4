import type { Pool } from '../../../src/db/pool.js';

// Fills the read models of one tenant from its events by plain GROUP BY: the
// rows the projections would hold after processing the same events, written
// in seconds. The benchmark checks the API's answers against the raw
// aggregates before timing anything, so any difference would stop the run.

const agentEvent = `event_type IN ('AgentRegistered', 'TokenIssued') AND data->>'agentId' IS NOT NULL`;

const statements = [
  `INSERT INTO analytics_events (tenant_id, date, metric_type, count)
   SELECT tenant_id, (occurred_at AT TIME ZONE 'UTC')::date,
          CASE event_type WHEN 'AgentRegistered' THEN 'agent_registered' ELSE 'token_issued' END,
          count(*)
     FROM events WHERE tenant_id = $1 AND ${agentEvent}
    GROUP BY 1, 2, 3`,
  `INSERT INTO agent_activity_hourly (tenant_id, agent_id, hour, count)
   SELECT tenant_id, (data->>'agentId')::uuid,
          date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*)
     FROM events WHERE tenant_id = $1 AND ${agentEvent}
    GROUP BY 1, 2, 3`,
  // The stored heatmap as the projection keeps it: the tenant's hourly rows
  // from the first of the 30 UTC days ending with its newest hour.
  `INSERT INTO agent_activity_heatmap_windows (tenant_id, window_start)
   SELECT tenant_id, to_timestamp((extract(epoch FROM max(hour))::bigint / 86400 - 29) * 86400)
     FROM agent_activity_hourly WHERE tenant_id = $1
    GROUP BY 1`,
  `INSERT INTO agent_activity_heatmap (tenant_id, agent_id, dow, hour, count)
   SELECT h.tenant_id, h.agent_id, h.how / 24, h.how % 24, sum(h.count)
     FROM (SELECT tenant_id, agent_id, hour, count,
                  ((extract(epoch FROM hour)::bigint / 3600 + 96) % 168)::int AS how
             FROM agent_activity_hourly WHERE tenant_id = $1) AS h
     JOIN agent_activity_heatmap_windows w ON w.tenant_id = h.tenant_id AND h.hour >= w.window_start
    GROUP BY h.tenant_id, h.agent_id, h.how`,
  `INSERT INTO agent_monthly_tokens (tenant_id, month, agent_id, token_count)
   SELECT tenant_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date,
          (data->>'agentId')::uuid, count(*)
     FROM events WHERE tenant_id = $1 AND event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
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
