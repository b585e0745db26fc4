import type { Pool } from '../db/pool.js';
import { ServiceUnavailableError } from '../errors.js';
import { EventStoreUnavailableError } from '../eventstore/errors.js';
import { toStoreError } from '../eventstore/postgres/storeErrors.js';

// The log_follow_ups table: one record per command append that a row kept
// beside the log has yet to follow (see migration 0026).

export type FollowUpKind = 'credentials' | 'webhook';

/** The row that must follow an append, and the stream it follows. */
export interface FollowUpTarget {
  kind: FollowUpKind;
  /** A client id for credentials, a subscription id for a webhook. */
  rowKey: string;
  streamName: string;
}

export interface FollowUp extends FollowUpTarget {
  eventId: string;
  /** Older than a day by the database's clock: an append that never happened. */
  abandoned: boolean;
}

export async function insertFollowUp(
  pool: Pool,
  eventId: string,
  target: FollowUpTarget,
): Promise<void> {
  await run(
    pool,
    `INSERT INTO log_follow_ups (event_id, kind, row_key, stream_name) VALUES ($1, $2, $3, $4)`,
    [eventId, target.kind, target.rowKey, target.streamName],
  );
}

/** Drops the records of these events: their rows now follow them, or they never happened. */
export async function deleteFollowUps(pool: Pool, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await run(pool, `DELETE FROM log_follow_ups WHERE event_id = ANY($1::uuid[])`, [eventIds]);
}

/** Records at least `olderThanMs` old by the database's clock, oldest first. */
export async function dueFollowUps(
  pool: Pool,
  olderThanMs: number,
  limit: number,
): Promise<FollowUp[]> {
  const { rows } = await run<{
    event_id: string;
    kind: FollowUpKind;
    row_key: string;
    stream_name: string;
    abandoned: boolean;
  }>(
    pool,
    `SELECT event_id::text, kind, row_key, stream_name,
            created_at < now() - interval '1 day' AS abandoned
       FROM log_follow_ups
      WHERE created_at <= now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY created_at LIMIT $2`,
    [olderThanMs, limit],
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    kind: row.kind,
    rowKey: row.row_key,
    streamName: row.stream_name,
    abandoned: row.abandoned,
  }));
}

/** Drops a record once a day old, re-checked by the database in the delete itself. */
export async function dropAbandonedFollowUp(pool: Pool, eventId: string): Promise<void> {
  await run(
    pool,
    `DELETE FROM log_follow_ups WHERE event_id = $1 AND created_at < now() - interval '1 day'`,
    [eventId],
  );
}

// An unreachable database is a 503 for the command that meets it.
async function run<Row extends object = Record<string, unknown>>(
  pool: Pool,
  text: string,
  values: unknown[],
): Promise<{ rows: Row[] }> {
  try {
    return await pool.query<Row>(text, values);
  } catch (error) {
    const mapped = toStoreError(error);
    if (mapped instanceof EventStoreUnavailableError) {
      throw new ServiceUnavailableError('The database is unavailable');
    }
    throw mapped;
  }
}
