import { randomUUID } from 'node:crypto';
import type { Pool } from '../../db/pool.js';

// webhook_deliveries: one alert (or test message) to one subscription, and
// what became of its attempts. The worker is the only writer after the
// delivery is made; the status only leaves `pending` once.

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  deliveryId: string;
  tenantId: string;
  subscriptionId: string;
  /** The `webhook-id` of every attempt. */
  alertId: string;
  eventType: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  status: DeliveryStatus;
  attempts: number;
}

interface DeliveryRow {
  delivery_id: string;
  tenant_id: string;
  subscription_id: string;
  alert_id: string;
  event_type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  status: DeliveryStatus;
  attempts: number;
}

export async function findDelivery(pool: Pool, deliveryId: string): Promise<Delivery | undefined> {
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
            status, attempts
       FROM webhook_deliveries WHERE delivery_id = $1`,
    [deliveryId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    deliveryId: row.delivery_id,
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    alertId: row.alert_id,
    eventType: row.event_type,
    data: row.data,
    occurredAt: row.occurred_at,
    status: row.status,
    attempts: row.attempts,
  };
}

/** A message made by hand (the test event), addressed to one subscription. */
export async function insertDirectDelivery(
  pool: Pool,
  message: {
    tenantId: string;
    subscriptionId: string;
    alertId: string;
    eventType: string;
    data: Record<string, unknown>;
    occurredAt: Date;
  },
): Promise<string> {
  const deliveryId = randomUUID();
  await pool.query(
    `INSERT INTO webhook_deliveries
       (delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
        next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
    [
      deliveryId,
      message.tenantId,
      message.subscriptionId,
      message.alertId,
      message.eventType,
      JSON.stringify(message.data),
      message.occurredAt,
    ],
  );
  return deliveryId;
}

/** Counts the attempt before it is made, so an attempt cut short by a crash still shows. */
export async function startAttempt(pool: Pool, deliveryId: string): Promise<number> {
  const { rows } = await pool.query<{ attempts: number }>(
    `UPDATE webhook_deliveries
        SET attempts = attempts + 1, last_attempt_at = now(), next_attempt_at = NULL,
            updated_at = now()
      WHERE delivery_id = $1 AND status = 'pending' RETURNING attempts`,
    [deliveryId],
  );
  return rows[0]?.attempts ?? 0;
}

export async function markDelivered(pool: Pool, deliveryId: string, status: number): Promise<void> {
  await pool.query(
    `UPDATE webhook_deliveries
        SET status = 'delivered', last_status = $2, last_error = NULL, updated_at = now()
      WHERE delivery_id = $1 AND status = 'pending'`,
    [deliveryId, status],
  );
}

export async function markRetry(
  pool: Pool,
  deliveryId: string,
  outcome: { status: number | null; error: string; nextAttemptAt: Date },
): Promise<void> {
  await pool.query(
    `UPDATE webhook_deliveries
        SET last_status = $2, last_error = $3, next_attempt_at = $4, updated_at = now()
      WHERE delivery_id = $1 AND status = 'pending'`,
    [deliveryId, outcome.status, outcome.error.slice(0, 500), outcome.nextAttemptAt],
  );
}

export async function markFailed(
  pool: Pool,
  deliveryId: string,
  outcome: { status: number | null; reason: string },
): Promise<void> {
  await pool.query(
    `UPDATE webhook_deliveries
        SET status = 'failed', last_status = coalesce($2, last_status), failure_reason = $3,
            next_attempt_at = NULL, updated_at = now()
      WHERE delivery_id = $1 AND status = 'pending'`,
    [deliveryId, outcome.status, outcome.reason.slice(0, 500)],
  );
}

/**
 * Pending deliveries to hand to the queue: never queued yet; overdue by a
 * minute (their job was lost with Redis); or cut off mid-attempt (the attempt
 * counted, next_attempt_at cleared) longer than a job lock ago and not queued
 * since, whose job is gone too. Queueing is idempotent (the job id is the
 * delivery id), so handing over one whose job still exists is harmless.
 */
export async function deliveriesToQueue(
  pool: Pool,
  limit: number,
  jobLockMs: number,
): Promise<string[]> {
  const { rows } = await pool.query<{ delivery_id: string }>(
    `SELECT delivery_id FROM webhook_deliveries
      WHERE status = 'pending'
        AND (queued_at IS NULL
             OR next_attempt_at < now() - interval '1 minute'
             OR (next_attempt_at IS NULL
                 AND last_attempt_at < now() - make_interval(secs => $2 / 1000.0)
                 AND queued_at < now() - make_interval(secs => $2 / 1000.0)))
      ORDER BY next_attempt_at NULLS FIRST LIMIT $1`,
    [limit, jobLockMs],
  );
  return rows.map((row) => row.delivery_id);
}

export async function markQueued(pool: Pool, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await pool.query(
    `UPDATE webhook_deliveries SET queued_at = now(),
            next_attempt_at = CASE WHEN next_attempt_at < now() THEN now() ELSE next_attempt_at END
      WHERE delivery_id = ANY($1::uuid[])`,
    [deliveryIds],
  );
}
