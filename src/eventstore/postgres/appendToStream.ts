import { randomUUID } from 'node:crypto';
import type { Pool } from '../../db/pool.js';
import { ExpectedRevisionConflict, InvalidEventError } from '../errors.js';
import type { AppendResult, ExpectedRevision, NewEvent, EventCodec } from '../EventStore.js';
import { toStoreError } from './storeErrors.js';

interface AppendRow {
  next_revision: string;
  last_transaction_id: string;
  last_position: string;
}

const wrongExpectedRevision = 'ES409';

/** Runs on a pool, or on a client inside a caller's transaction. */
export async function appendToStream(
  pool: Pick<Pool, 'query'>,
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  codec: Pick<EventCodec, 'validate'>,
): Promise<AppendResult> {
  if (events.length === 0) throw new InvalidEventError('An append needs at least one event');
  const validated = events.map((event) => ({
    id: event.id ?? randomUUID(),
    ...codec.validate(event.type, event.data, event.metadata),
  }));
  const [mode, exact] =
    typeof expectedRevision === 'bigint'
      ? ['exact', expectedRevision.toString()]
      : [expectedRevision, null];
  try {
    // A named statement is parsed and planned once per connection.
    const result = await pool.query<AppendRow>({
      name: 'append_to_stream',
      text: `SELECT next_revision::text, last_transaction_id, last_position::text
               FROM append_to_stream($1, $2, $3, $4)`,
      values: [
        streamName,
        mode,
        exact,
        JSON.stringify(
          validated.map((e) => ({
            id: e.id,
            type: e.type,
            schemaVersion: e.schemaVersion,
            data: e.data,
            metadata: e.metadata,
          })),
        ),
      ],
    });
    const row = result.rows[0] as AppendRow;
    return {
      nextExpectedRevision: BigInt(row.next_revision),
      position: { commit: BigInt(row.last_transaction_id), prepare: BigInt(row.last_position) },
    };
  } catch (error) {
    const pgError = error as { code?: string; detail?: string };
    if (pgError.code === wrongExpectedRevision) {
      const actual = BigInt(pgError.detail ?? '-1');
      throw new ExpectedRevisionConflict(
        streamName,
        expectedRevision,
        actual < 0n ? 'no_stream' : actual,
      );
    }
    throw toStoreError(error);
  }
}
