import { randomUUID } from 'node:crypto';
import type { Pool } from '../../db/pool.js';
import { ExpectedRevisionConflict, InvalidEventError } from '../errors.js';
import type { AppendResult, ExpectedRevision, NewEvent, EventCodec } from '../EventStore.js';
import { toStoreError } from './storeErrors.js';

/** An append validated and encoded, ready for `append_to_stream` or a batch. */
export interface PreparedAppend {
  streamName: string;
  expectedRevision: ExpectedRevision;
  mode: 'any' | 'no_stream' | 'stream_exists' | 'exact';
  exact: string | null;
  /** The events as one JSON array of {id, type, schemaVersion, data, metadata}. */
  eventsJson: string;
}

interface AppendRow {
  next_revision: string;
  last_transaction_id: string;
  last_position: string;
}

const wrongExpectedRevision = 'ES409';

/** Validation (schemas, the no-secrets check) happens here, before anything is sent. */
export function prepareAppend(
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  codec: Pick<EventCodec, 'validate'>,
): PreparedAppend {
  if (events.length === 0) throw new InvalidEventError('An append needs at least one event');
  const encoded = events.map((event) => {
    const valid = codec.validate(event.type, event.data, event.metadata);
    return {
      id: event.id ?? randomUUID(),
      type: valid.type,
      schemaVersion: valid.schemaVersion,
      data: valid.data,
      metadata: valid.metadata,
    };
  });
  const [mode, exact] =
    typeof expectedRevision === 'bigint'
      ? (['exact', expectedRevision.toString()] as const)
      : ([expectedRevision, null] as const);
  return { streamName, expectedRevision, mode, exact, eventsJson: JSON.stringify(encoded) };
}

export function revisionConflict(
  prepared: PreparedAppend,
  actualRevision: bigint,
): ExpectedRevisionConflict {
  return new ExpectedRevisionConflict(
    prepared.streamName,
    prepared.expectedRevision,
    actualRevision < 0n ? 'no_stream' : actualRevision,
  );
}

/** One append in one autocommit round trip; runs on a pool, or on a client inside a caller's transaction. */
export async function appendPrepared(
  pool: Pick<Pool, 'query'>,
  prepared: PreparedAppend,
): Promise<AppendResult> {
  try {
    // A named statement is parsed and planned once per connection.
    const result = await pool.query<AppendRow>({
      name: 'append_to_stream',
      text: `SELECT next_revision::text, last_transaction_id, last_position::text
               FROM append_to_stream($1, $2, $3, $4)`,
      values: [prepared.streamName, prepared.mode, prepared.exact, prepared.eventsJson],
    });
    const row = result.rows[0] as AppendRow;
    return {
      nextExpectedRevision: BigInt(row.next_revision),
      position: { commit: BigInt(row.last_transaction_id), prepare: BigInt(row.last_position) },
    };
  } catch (error) {
    const pgError = error as { code?: string; detail?: string };
    if (pgError.code === wrongExpectedRevision) {
      throw revisionConflict(prepared, BigInt(pgError.detail ?? '-1'));
    }
    throw toStoreError(error);
  }
}

/** Runs on a pool, or on a client inside a caller's transaction. */
export async function appendToStream(
  pool: Pick<Pool, 'query'>,
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  codec: Pick<EventCodec, 'validate'>,
): Promise<AppendResult> {
  return appendPrepared(pool, prepareAppend(streamName, events, expectedRevision, codec));
}
