import type { PoolClient } from '../../db/pool.js';
import type { Alert } from './alert.js';

/**
 * Adds alerts to the outbox inside the caller's transaction (the one moving
 * the projection's checkpoint). An alert already there is left as it is, so a
 * replayed or rebuilt occurrence is never sent again.
 */
export async function recordAlerts(client: PoolClient, alerts: readonly Alert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO webhook_alerts (alert_id, tenant_id, event_type, data, occurred_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[])
     ON CONFLICT (alert_id) DO NOTHING`,
    [
      alerts.map((alert) => alert.id),
      alerts.map((alert) => alert.tenantId),
      alerts.map((alert) => alert.type),
      alerts.map((alert) => JSON.stringify(alert.data)),
      alerts.map((alert) => alert.occurredAt),
    ],
  );
  return result.rowCount ?? 0;
}
