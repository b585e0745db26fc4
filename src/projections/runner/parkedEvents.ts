import type { Pool, PoolClient } from '../../db/pool.js';
import type { RecordedEvent } from '../../eventstore/EventStore.js';

/** What parking records of an event: where it is in the log, not what it says. */
export type ParkedEventRef = Pick<RecordedEvent, 'id' | 'type' | 'streamName' | 'position'>;

export interface ParkedEvent {
  event: ParkedEventRef;
  error: string;
  attempts: number;
}

/** Parks events in the caller's transaction, so parking and moving past them are one step. */
export async function parkEvents(
  client: PoolClient,
  projection: string,
  parked: readonly ParkedEvent[],
): Promise<void> {
  await parkEventsOf(
    client,
    parked.map((p) => ({ projection, ...p })),
  );
}

/** parkEvents for several projections in one statement. */
export async function parkEventsOf(
  client: PoolClient,
  parked: readonly (ParkedEvent & { projection: string })[],
): Promise<void> {
  if (parked.length === 0) return;
  // A rebuild meets the same poison event again: it stays parked once.
  await client.query(
    `INSERT INTO parked_events
       (projection, event_id, event_type, stream_name, commit_position, prepare_position,
        error, attempts)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::bigint[],
                          $6::bigint[], $7::text[], $8::int[])
     ON CONFLICT (projection, event_id) DO NOTHING`,
    [
      parked.map((p) => p.projection),
      parked.map((p) => p.event.id),
      parked.map((p) => p.event.type),
      parked.map((p) => p.event.streamName),
      parked.map((p) => p.event.position.commit.toString()),
      parked.map((p) => p.event.position.prepare.toString()),
      parked.map((p) => p.error.slice(0, 2000)),
      parked.map((p) => p.attempts),
    ],
  );
}

export async function countParkedEvents(pool: Pool): Promise<Map<string, number>> {
  const result = await pool.query<{ projection: string; parked: string }>(
    'SELECT projection, count(*)::text AS parked FROM parked_events GROUP BY projection',
  );
  return new Map(result.rows.map((row) => [row.projection, Number(row.parked)]));
}
