import type { Pool } from '../../db/pool.js';

// Fans outbox alerts out to the subscriptions of their tenant that name their
// event, in one statement: the deliveries exist and the alert is marked
// dispatched together, or neither. A delivery is unique per alert and
// subscription, so a repeated dispatch adds nothing.
const dispatchSql = `
  WITH picked AS (
    SELECT alert_id, tenant_id, event_type, data, occurred_at FROM webhook_alerts
     WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED),
  fanned AS (
    INSERT INTO webhook_deliveries
      (delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
       next_attempt_at)
    SELECT gen_random_uuid(), p.tenant_id, e.subscription_id, p.alert_id, p.event_type, p.data,
           p.occurred_at, now()
      FROM picked p
      JOIN webhook_endpoints e
        ON e.tenant_id = p.tenant_id AND e.active AND p.event_type = ANY(e.events)
    ON CONFLICT (alert_id, subscription_id) DO NOTHING)
  UPDATE webhook_alerts a SET dispatched_at = now() FROM picked p WHERE a.alert_id = p.alert_id`;

/** Dispatches up to `limit` alerts; answers how many. */
export async function dispatchAlerts(pool: Pool, limit: number): Promise<number> {
  const result = await pool.query(dispatchSql, [limit]);
  return result.rowCount ?? 0;
}
