import { randomUUID } from 'node:crypto';
import type { Pool } from '../../../src/db/pool.js';

/**
 * A TokenIssued row whose agentId is not a uuid, written around the store's
 * validation, as a bad row from older code would be. Returns its event id.
 */
export async function insertPoisonTokenIssued(pool: Pool, tenantId: string): Promise<string> {
  const eventId = randomUUID();
  await pool.query(
    `INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                         tenant_id, data, metadata, occurred_at)
     VALUES ($1, $2, 0, 'TokenIssued', 1, $3, $4, $5, now())`,
    [
      eventId,
      `tokens-${tenantId}.broken`,
      tenantId,
      JSON.stringify({ tenantId, agentId: 'not-a-uuid', clientId: 'x' }),
      JSON.stringify({
        tenantId,
        occurredAt: '2026-02-01T00:00:00.000Z',
        actor: { type: 'system', id: 'x' },
        correlationId: 'c',
        causationId: null,
      }),
    ],
  );
  return eventId;
}
