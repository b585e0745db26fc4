import type { PoolClient } from '../../db/pool.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../readModels/cursor.js';
import type { WebhookDeliveriesPage } from '../../webhooks/response.js';

const cursorKind = 'webhook-deliveries';
const cursorPatterns = [
  /^\d{1,18}$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
];
const latestUs = 253_402_300_799_999_999n;

// Newest first, keyset-paged on (created_at, delivery_id); the cursor carries
// created_at in epoch microseconds so deliveries made within one millisecond
// are neither repeated nor skipped.
const sql = `
  SELECT delivery_id, alert_id, event_type, status, attempts, last_status, last_error,
         last_attempt_at, next_attempt_at, failure_reason, created_at,
         (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_us
    FROM webhook_deliveries
   WHERE tenant_id = $1 AND subscription_id = $2
     AND ($3::bigint IS NULL OR (created_at, delivery_id) <
          (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid))
   ORDER BY created_at DESC, delivery_id DESC
   LIMIT $5`;

interface Row {
  delivery_id: string;
  alert_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  failure_reason: string | null;
  created_at: Date;
  created_us: string;
}

export async function getWebhookDeliveries(
  client: PoolClient,
  query: {
    tenantId: string;
    subscriptionId: string;
    limit: number;
    cursor?: string | undefined;
    cursorKey: Buffer;
  },
): Promise<WebhookDeliveriesPage> {
  let after: (string | null)[] = [null, null];
  if (query.cursor) {
    after = decodeCursor(query.cursorKey, query.cursor, cursorKind, query.tenantId, [
      ...cursorPatterns,
    ]);
    if (BigInt(after[0] as string) > latestUs) throw invalidCursor();
  }
  const { rows } = await client.query<Row>(sql, [
    query.tenantId,
    query.subscriptionId,
    after[0],
    after[1],
    query.limit + 1,
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.delivery_id,
      message_id: row.alert_id,
      event: row.event_type,
      status: row.status,
      attempts: row.attempts,
      last_status: row.last_status,
      last_error: row.last_error,
      last_attempt_at: row.last_attempt_at?.toISOString() ?? null,
      next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
      failure_reason: row.failure_reason,
      created_at: row.created_at.toISOString(),
    })),
    next_cursor:
      rows.length > query.limit && last
        ? encodeCursor(query.cursorKey, cursorKind, query.tenantId, [
            last.created_us,
            last.delivery_id,
          ])
        : null,
  };
}
