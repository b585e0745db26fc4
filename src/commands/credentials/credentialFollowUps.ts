import type { Pool } from '../../db/pool.js';
import { run } from './clientCredentials.js';

// The credential_follow_ups table: one record per command append that a
// client's row has yet to follow (see migration 0026).

export interface CredentialFollowUp {
  eventId: string;
  clientId: string;
  streamName: string;
  /** Older than a day by the database's clock: an append that never happened. */
  abandoned: boolean;
}

export async function insertFollowUp(
  pool: Pool,
  followUp: Pick<CredentialFollowUp, 'eventId' | 'clientId' | 'streamName'>,
): Promise<void> {
  await run(() =>
    pool.query(
      `INSERT INTO credential_follow_ups (event_id, client_id, stream_name) VALUES ($1, $2, $3)`,
      [followUp.eventId, followUp.clientId, followUp.streamName],
    ),
  );
}

/** Drops the client's records of these events: the row now follows them, or they never happened. */
export async function deleteFollowUps(
  pool: Pool,
  clientId: string,
  eventIds: readonly string[],
): Promise<void> {
  await run(() =>
    pool.query(
      `DELETE FROM credential_follow_ups WHERE client_id = $1 AND event_id = ANY($2::uuid[])`,
      [clientId, eventIds],
    ),
  );
}

/** Records at least `olderThanMs` old by the database's clock, oldest first. */
export async function dueFollowUps(
  pool: Pool,
  olderThanMs: number,
  limit: number,
): Promise<CredentialFollowUp[]> {
  const { rows } = await run(() =>
    pool.query<{ event_id: string; client_id: string; stream_name: string; abandoned: boolean }>(
      `SELECT event_id::text, client_id, stream_name,
              created_at < now() - interval '1 day' AS abandoned
         FROM credential_follow_ups
        WHERE created_at <= now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    ),
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    clientId: row.client_id,
    streamName: row.stream_name,
    abandoned: row.abandoned,
  }));
}

/** Drops a record once a day old, re-checked by the database in the delete itself. */
export async function dropAbandonedFollowUp(pool: Pool, eventId: string): Promise<void> {
  await run(() =>
    pool.query(
      `DELETE FROM credential_follow_ups
        WHERE event_id = $1 AND created_at < now() - interval '1 day'`,
      [eventId],
    ),
  );
}
