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
