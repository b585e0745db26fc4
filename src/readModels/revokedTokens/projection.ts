import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';

export const revokedTokensTable = 'revoked_tokens';

/** Channel on which every write to the table wakes the API processes' revocation lists. */
export const tokenRevokedChannel = 'token_revoked';

export interface RevokedTokenRow {
  tenantId: string;
  jti: string;
  expiresAt: string;
  revokedAt: string;
}

/** One row per revoked jti; a jti revoked twice keeps its first revocation. Pure. */
export function foldRevokedTokens(events: readonly ProjectedEvent[]): RevokedTokenRow[] {
  const rows = new Map<string, RevokedTokenRow>();
  for (const event of events) {
    if (event.type !== 'TokenRevoked' || rows.has(event.data.jti)) continue;
    rows.set(event.data.jti, {
      tenantId: event.tenantId,
      jti: event.data.jti,
      expiresAt: event.data.expiresAt,
      revokedAt: event.occurredAt.toISOString(),
    });
  }
  return [...rows.values()];
}

/**
 * Inserts the rows and notifies listeners when the transaction commits. The
 * revoking command calls it right after its append; the projection calls it
 * again for the same event, which changes nothing.
 */
export async function insertRevokedTokens(
  client: PoolClient | pg.Pool,
  table: string,
  rows: readonly RevokedTokenRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `WITH inserted AS (
       INSERT INTO ${pg.escapeIdentifier(table)} (tenant_id, jti, expires_at, revoked_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (jti) DO NOTHING
       RETURNING 1)
     SELECT pg_notify($5, '') FROM (SELECT count(*) AS n FROM inserted) AS c WHERE c.n > 0`,
    [
      rows.map((r) => r.tenantId),
      rows.map((r) => r.jti),
      rows.map((r) => r.expiresAt),
      rows.map((r) => r.revokedAt),
      tokenRevokedChannel,
    ],
  );
}

export const revokedTokensProjection: Projection = foldedProjection({
  name: 'revokedTokens',
  table: revokedTokensTable,
  eventTypes: new Set(['TokenRevoked']),
  fold: foldRevokedTokens,
  write: insertRevokedTokens,
});
