import type { Pool } from '../../../src/db/pool.js';

// The read tables recomputed straight from the raw events table with plain
// SQL, independently of the folds: what every projection must equal. Events
// parked for a projection are left out of that projection only.

const occurred = `((metadata->>'occurredAt')::timestamptz AT TIME ZONE 'UTC')`;
const notParked = (projection: string) =>
  `event_id NOT IN (SELECT event_id FROM parked_events WHERE projection = '${projection}')`;

// Each tenant's reporting time zone: its last TenantTimeZoneChanged, or UTC.
const tenantZones = `
  SELECT DISTINCT ON (tenant_id) tenant_id, data->>'timeZone' AS zone
    FROM events WHERE event_type = 'TenantTimeZoneChanged'
   ORDER BY tenant_id, transaction_id DESC, position DESC`;

const agentActivityEvents = `
  data->>'agentId' IS NOT NULL
  AND event_type IN ('TokenIssued', 'TokenRequestRejected', 'AgentRegistered',
                     'AgentUpdated', 'AgentDeactivated', 'AgentSecretRotated')
  AND ${notParked('agentActivity')}`;

export const expectedQueries: Record<string, { actual: string; expected: string }> = {
  analytics_events: {
    actual: 'SELECT tenant_id, date, metric_type, count FROM analytics_events',
    expected: `
      SELECT tenant_id, ${occurred}::date AS date,
             CASE event_type
               WHEN 'TokenIssued' THEN
                 CASE WHEN data->>'agentId' IS NULL THEN 'admin_token_issued' ELSE 'token_issued' END
               WHEN 'TokenRequestRejected' THEN 'token_rejected'
               WHEN 'AgentRegistered' THEN 'agent_registered'
               WHEN 'AgentUpdated' THEN 'agent_updated'
               WHEN 'AgentDeactivated' THEN 'agent_deactivated'
               WHEN 'AgentSecretRotated' THEN 'agent_secret_rotated'
             END AS metric_type,
             count(*)::bigint AS count
        FROM events
       WHERE event_type IN ('TokenIssued', 'TokenRequestRejected', 'AgentRegistered',
                            'AgentUpdated', 'AgentDeactivated', 'AgentSecretRotated')
         AND ${notParked('dailyMetrics')}
       GROUP BY 1, 2, 3`,
  },
  agent_activity_hourly: {
    actual:
      'SELECT tenant_id, agent_id, hour, count, count_15, count_30, count_45 FROM agent_activity_hourly',
    expected: `
      SELECT tenant_id, (data->>'agentId')::uuid AS agent_id,
             date_trunc('hour', ${occurred}) AT TIME ZONE 'UTC' AS hour, count(*)::bigint AS count,
             count(*) FILTER (WHERE extract(minute FROM ${occurred}) BETWEEN 15 AND 29)::bigint AS count_15,
             count(*) FILTER (WHERE extract(minute FROM ${occurred}) BETWEEN 30 AND 44)::bigint AS count_30,
             count(*) FILTER (WHERE extract(minute FROM ${occurred}) >= 45)::bigint AS count_45
        FROM events
       WHERE ${agentActivityEvents}
       GROUP BY 1, 2, 3`,
  },
  // A tenant's window: the 30 local days, in its zone, ending with the day of
  // its newest agent event; a zone set before any activity has no window.
  agent_activity_heatmap_windows: {
    actual: 'SELECT tenant_id, window_start, time_zone FROM agent_activity_heatmap_windows',
    expected: `
      WITH e AS (
        SELECT tenant_id, max((metadata->>'occurredAt')::timestamptz) AS newest
          FROM events WHERE ${agentActivityEvents} GROUP BY 1),
      tenants AS (
        SELECT tenant_id FROM e UNION SELECT tenant_id FROM (${tenantZones}) z)
      SELECT t.tenant_id,
             (date_trunc('day', e.newest AT TIME ZONE coalesce(z.zone, 'UTC')) - interval '29 days')
               AT TIME ZONE coalesce(z.zone, 'UTC') AS window_start,
             coalesce(z.zone, 'UTC') AS time_zone
        FROM tenants t
        LEFT JOIN e ON e.tenant_id = t.tenant_id
        LEFT JOIN (${tenantZones}) z ON z.tenant_id = t.tenant_id`,
  },
  // One row per agent with any count: the counts of its 168 local hours of
  // the week, index dow * 24 + hour + 1.
  agent_activity_heatmap: {
    actual: 'SELECT tenant_id, agent_id, counts FROM agent_activity_heatmap',
    expected: `
      WITH e AS (
        SELECT e.tenant_id, (e.data->>'agentId')::uuid AS agent_id,
               (e.metadata->>'occurredAt')::timestamptz AT TIME ZONE coalesce(z.zone, 'UTC') AS at
          FROM events e LEFT JOIN (${tenantZones}) z ON z.tenant_id = e.tenant_id
         WHERE ${agentActivityEvents}),
      w AS (
        SELECT tenant_id, date_trunc('day', max(at)) - interval '29 days' AS start
          FROM e GROUP BY 1),
      b AS (
        SELECT e.tenant_id, e.agent_id,
               (extract(dow FROM e.at) * 24 + extract(hour FROM e.at))::int AS how,
               count(*)::bigint AS count
          FROM e JOIN w ON w.tenant_id = e.tenant_id AND e.at >= w.start
         GROUP BY 1, 2, 3)
      SELECT a.tenant_id, a.agent_id, array_agg(coalesce(b.count, 0) ORDER BY g.how) AS counts
        FROM (SELECT DISTINCT tenant_id, agent_id FROM b) a
       CROSS JOIN generate_series(0, 167) AS g(how)
        LEFT JOIN b ON b.tenant_id = a.tenant_id AND b.agent_id = a.agent_id AND b.how = g.how
       GROUP BY 1, 2`,
  },
  tenant_token_quarter_hours: {
    actual: 'SELECT tenant_id, quarter, count FROM tenant_token_quarter_hours',
    expected: `
      SELECT tenant_id,
             date_bin('15 minutes', (metadata->>'occurredAt')::timestamptz, 'epoch'::timestamptz) AS quarter,
             count(*)::bigint AS count
        FROM events
       WHERE event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
         AND ${notParked('dailyMetrics')}
       GROUP BY 1, 2`,
  },
  agent_token_month_edges: {
    actual: 'SELECT tenant_id, quarter, agent_id, count FROM agent_token_month_edges',
    expected: `
      SELECT tenant_id, quarter, agent_id, count(*)::bigint AS count
        FROM (SELECT tenant_id, (data->>'agentId')::uuid AS agent_id,
                     date_bin('15 minutes', (metadata->>'occurredAt')::timestamptz, 'epoch'::timestamptz) AS quarter,
                     ${occurred} AS at
                FROM events
               WHERE event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
                 AND ${notParked('monthlyTokens')}) t
       WHERE at - date_trunc('month', at) < interval '15 hours'
          OR date_trunc('month', at) + interval '1 month' - at <= interval '15 hours'
       GROUP BY 1, 2, 3`,
  },
  agent_anomaly_deactivations: {
    actual: 'SELECT tenant_id, agent_id, deactivated_at FROM agent_anomaly_deactivations',
    expected: `
      SELECT DISTINCT ON (tenant_id, (data->>'agentId')::uuid)
             tenant_id, (data->>'agentId')::uuid AS agent_id,
             (metadata->>'occurredAt')::timestamptz AS deactivated_at
        FROM events
       WHERE event_type = 'AgentDeactivated' AND ${notParked('agentAnomalies')}
       ORDER BY tenant_id, (data->>'agentId')::uuid, transaction_id, position`,
  },
  tenant_settings: {
    actual: 'SELECT tenant_id, time_zone FROM tenant_settings',
    expected: `SELECT tenant_id, zone AS time_zone FROM (${tenantZones}) z`,
  },
  agent_monthly_tokens: {
    actual: 'SELECT tenant_id, month, agent_id, token_count FROM agent_monthly_tokens',
    expected: `
      SELECT tenant_id, date_trunc('month', ${occurred})::date AS month,
             (data->>'agentId')::uuid AS agent_id, count(*)::bigint AS token_count
        FROM events
       WHERE event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
         AND ${notParked('monthlyTokens')}
       GROUP BY 1, 2, 3`,
  },
  agent_token_hours: {
    actual: 'SELECT tenant_id, agent_id, hour, tokens FROM agent_token_hours',
    expected: `
      SELECT tenant_id, (data->>'agentId')::uuid AS agent_id,
             date_trunc('hour', ${occurred}) AT TIME ZONE 'UTC' AS hour, count(*)::bigint AS tokens
        FROM events
       WHERE event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
         AND ${notParked('agentTokenHours')}
       GROUP BY 1, 2, 3`,
  },
  agents: {
    actual: `SELECT tenant_id, agent_id, client_id, name, description, scopes, status,
                    registered_at, updated_at, deactivated_at,
                    quota_limit, quota_period, quota_mode FROM agents`,
    // Latest value of each field in stream order; updated-at is the newest occurred-at.
    expected: `
      WITH e AS (
        SELECT tenant_id, (data->>'agentId')::uuid AS agent_id, event_type, data,
               (metadata->>'occurredAt')::timestamptz AS at, stream_revision
          FROM events
         WHERE event_type IN ('AgentRegistered', 'AgentUpdated', 'AgentSecretRotated',
                              'AgentDeactivated', 'AgentQuotaSet', 'AgentQuotaRemoved')
           AND ${notParked('agents')}
      )
      SELECT r.tenant_id, r.agent_id,
        (SELECT data->>'clientId' FROM e WHERE e.agent_id = r.agent_id AND data ? 'clientId'
          ORDER BY stream_revision DESC LIMIT 1) AS client_id,
        (SELECT data->>'name' FROM e WHERE e.agent_id = r.agent_id AND data ? 'name'
          ORDER BY stream_revision DESC LIMIT 1) AS name,
        (SELECT data->>'description' FROM e WHERE e.agent_id = r.agent_id AND data ? 'description'
          ORDER BY stream_revision DESC LIMIT 1) AS description,
        (SELECT ARRAY(SELECT jsonb_array_elements_text(data->'scopes')) FROM e
          WHERE e.agent_id = r.agent_id AND data ? 'scopes'
          ORDER BY stream_revision DESC LIMIT 1) AS scopes,
        CASE WHEN d.at IS NULL THEN 'active' ELSE 'deactivated' END AS status,
        r.at AS registered_at,
        (SELECT max(at) FROM e WHERE e.agent_id = r.agent_id) AS updated_at,
        d.at AS deactivated_at,
        (q.data->>'limit')::bigint AS quota_limit, q.data->>'period' AS quota_period,
        q.data->>'mode' AS quota_mode
      FROM e r
      LEFT JOIN LATERAL (
        SELECT CASE WHEN event_type = 'AgentQuotaSet' THEN data END AS data FROM e
         WHERE e.agent_id = r.agent_id AND event_type IN ('AgentQuotaSet', 'AgentQuotaRemoved')
         ORDER BY stream_revision DESC LIMIT 1) q ON true
      LEFT JOIN LATERAL (
        SELECT min(at) AS at FROM e WHERE e.agent_id = r.agent_id
           AND event_type = 'AgentDeactivated') d ON true
      WHERE r.event_type = 'AgentRegistered'`,
  },
  revoked_tokens: {
    actual: 'SELECT tenant_id, jti, expires_at, revoked_at FROM revoked_tokens',
    // The first revocation of each jti in log order.
    expected: `
      SELECT DISTINCT ON (data->>'jti') tenant_id, (data->>'jti')::uuid AS jti,
             (data->>'expiresAt')::timestamptz AS expires_at,
             (metadata->>'occurredAt')::timestamptz AS revoked_at
        FROM events
       WHERE event_type = 'TokenRevoked' AND ${notParked('revokedTokens')}
       ORDER BY data->>'jti', transaction_id, position`,
  },
  token_failures_daily: {
    actual: `SELECT tenant_id, date, agent_id, reason, count, last_failure_at
               FROM token_failures_daily`,
    // agent_id is NULL for the tenant admin client; EXCEPT matches NULLs.
    expected: `
      SELECT tenant_id, ${occurred}::date AS date, (data->>'agentId')::uuid AS agent_id,
             data->>'error' AS reason, count(*)::bigint AS count,
             max((metadata->>'occurredAt')::timestamptz) AS last_failure_at
        FROM events
       WHERE event_type = 'TokenRequestRejected' AND ${notParked('tokenFailures')}
       GROUP BY 1, 2, 3, 4`,
  },
  agent_scope_usage_daily: {
    actual: 'SELECT tenant_id, date, agent_id, scope, count FROM agent_scope_usage_daily',
    // Each agent token once with scope NULL, and once per distinct scope it carried.
    expected: `
      WITH tokens AS (
        SELECT event_id, tenant_id, ${occurred}::date AS date, (data->>'agentId')::uuid AS agent_id,
               data->'scopes' AS scopes
          FROM events
         WHERE event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
           AND ${notParked('scopeUsage')}
      )
      SELECT tenant_id, date, agent_id, NULL::text AS scope, count(*)::bigint AS count
        FROM tokens GROUP BY 1, 2, 3
      UNION ALL
      SELECT tenant_id, date, agent_id, scope, count(*)::bigint AS count
        FROM (SELECT DISTINCT event_id, tenant_id, date, agent_id, scope
                FROM tokens, jsonb_array_elements_text(scopes) AS scope) used
       GROUP BY 1, 2, 3, 4`,
  },
  agent_quota_usage: {
    actual: `SELECT tenant_id, agent_id, quota_id, quota_limit, quota_period, quota_mode,
                    hour_key, hour_count, day_key, day_count, month_key, month_count
               FROM agent_quota_usage`,
    // The quota of the agent's last quota event; its tokens in the latest
    // hour, day and month it had tokens in.
    expected: `
      WITH src AS (
        SELECT tenant_id, (data->>'agentId')::uuid AS agent_id, event_type, data, event_id,
               transaction_id, position, ${occurred} AS at
          FROM events
         WHERE event_type IN ('TokenIssued', 'AgentQuotaSet', 'AgentQuotaRemoved')
           AND data->>'agentId' IS NOT NULL AND ${notParked('quotaThresholds')}),
      quota AS (
        SELECT DISTINCT ON (tenant_id, agent_id) tenant_id, agent_id,
               CASE WHEN event_type = 'AgentQuotaSet' THEN event_id END AS quota_id,
               CASE WHEN event_type = 'AgentQuotaSet' THEN (data->>'limit')::int END AS quota_limit,
               CASE WHEN event_type = 'AgentQuotaSet' THEN data->>'period' END AS quota_period,
               CASE WHEN event_type = 'AgentQuotaSet' THEN data->>'mode' END AS quota_mode
          FROM src WHERE event_type <> 'TokenIssued'
         ORDER BY tenant_id, agent_id, transaction_id DESC, position DESC),
      tok AS (
        SELECT tenant_id, agent_id, to_char(at, 'YYYY-MM-DD"T"HH24') AS h,
               to_char(at, 'YYYY-MM-DD') AS d, to_char(at, 'YYYY-MM') AS m
          FROM src WHERE event_type = 'TokenIssued'),
      latest AS (
        SELECT tenant_id, agent_id, max(h) AS h, max(d) AS d, max(m) AS m FROM tok GROUP BY 1, 2),
      agents AS (SELECT DISTINCT tenant_id, agent_id FROM src)
      SELECT a.tenant_id, a.agent_id, q.quota_id, q.quota_limit, q.quota_period, q.quota_mode,
             coalesce(l.h, '') AS hour_key,
             (SELECT count(*) FROM tok t WHERE t.tenant_id = a.tenant_id
                 AND t.agent_id = a.agent_id AND t.h = l.h)::bigint AS hour_count,
             coalesce(l.d, '') AS day_key,
             (SELECT count(*) FROM tok t WHERE t.tenant_id = a.tenant_id
                 AND t.agent_id = a.agent_id AND t.d = l.d)::bigint AS day_count,
             coalesce(l.m, '') AS month_key,
             (SELECT count(*) FROM tok t WHERE t.tenant_id = a.tenant_id
                 AND t.agent_id = a.agent_id AND t.m = l.m)::bigint AS month_count
        FROM agents a
        LEFT JOIN quota q USING (tenant_id, agent_id)
        LEFT JOIN latest l USING (tenant_id, agent_id)`,
  },
  agent_anomalies_hourly: {
    // The counts; the findings are compared with the model over the raw log's
    // counts in test/projections/agentAnomalies.int.test.ts.
    actual: `SELECT tenant_id, agent_id, hour, issued, rejected FROM agent_anomalies_hourly
              WHERE issued > 0 OR rejected > 0`,
    expected: `
      SELECT tenant_id, (data->>'agentId')::uuid AS agent_id,
             date_trunc('hour', ${occurred}) AT TIME ZONE 'UTC' AS hour,
             (count(*) FILTER (WHERE event_type = 'TokenIssued'))::int AS issued,
             (count(*) FILTER (WHERE event_type = 'TokenRequestRejected'))::int AS rejected
        FROM events
       WHERE event_type IN ('TokenIssued', 'TokenRequestRejected')
         AND data->>'agentId' IS NOT NULL AND ${notParked('agentAnomalies')}
       GROUP BY 1, 2, 3`,
  },
};

export interface TableComparison {
  table: string;
  actualRows: number;
  expectedRows: number;
  /** Rows in one side and not the other, both directions. */
  differences: number;
}

export async function compareWithRawEvents(pool: Pool): Promise<TableComparison[]> {
  const comparisons: TableComparison[] = [];
  for (const [table, { actual, expected }] of Object.entries(expectedQueries)) {
    const result = await pool.query<{ a: string; e: string; d: string }>(
      `WITH actual AS (${actual}), expected AS (${expected})
       SELECT (SELECT count(*) FROM actual)::text AS a,
              (SELECT count(*) FROM expected)::text AS e,
              (SELECT count(*) FROM ((SELECT * FROM actual EXCEPT ALL SELECT * FROM expected)
                UNION ALL (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual)) diff)::text AS d`,
    );
    const row = result.rows[0] as { a: string; e: string; d: string };
    comparisons.push({
      table,
      actualRows: Number(row.a),
      expectedRows: Number(row.e),
      differences: Number(row.d),
    });
  }
  return comparisons;
}

export async function totalEvents(pool: Pool): Promise<number> {
  const result = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events');
  return Number(result.rows[0]?.n);
}

/** The read tables every projection test compares. */
export const readTables = [
  'analytics_events',
  'agent_activity_hourly',
  'agent_activity_heatmap',
  'agent_activity_heatmap_windows',
  'agent_monthly_tokens',
  'agent_token_month_edges',
  'tenant_token_quarter_hours',
  'tenant_settings',
  'agent_anomaly_deactivations',
  'agent_token_hours',
  'agents',
  'revoked_tokens',
  'token_failures_daily',
  'agent_scope_usage_daily',
  'agent_quota_usage',
  'agent_anomalies_hourly',
];

/** A table's rows as sorted JSON lines, for comparing a rebuilt table with the live one. */
export async function snapshotTable(pool: Pool, table: string): Promise<string[]> {
  const query = expectedQueries[table]?.actual as string;
  const rows = await pool.query(query);
  // The first columns do not identify a row of every table: whole rows are sorted.
  return rows.rows.map((row) => JSON.stringify(row)).sort();
}
