import type { Pool } from '../../db/pool.js';
import type { AppendResult } from '../EventStore.js';
import { revisionConflict, type PreparedAppend } from './appendToStream.js';
import { toStoreError } from './storeErrors.js';

/** Each append's own outcome in a batch: written, or refused for its expected revision. */
export type BatchOutcome =
  { ok: true; result: AppendResult } | { ok: false; error: ReturnType<typeof revisionConflict> };

interface BatchRow {
  ordinal: number;
  outcome: 'ok' | 'wrong_expected_revision';
  revision_text: string;
  last_transaction_id: string | null;
  last_position_text: string | null;
}

// The document is assembled from each append's already encoded events, so no
// event is serialised twice.
function batchDocument(appends: readonly PreparedAppend[]): string {
  return `[${appends
    .map(
      (append) =>
        `{"stream":${JSON.stringify(append.streamName)},"expect":"${append.mode}",` +
        `"expected":${append.exact ?? 'null'},"events":${append.eventsJson}}`,
    )
    .join(',')}]`;
}

/**
 * Several appends in one autocommit transaction (`append_to_streams`): when
 * this resolves, every written append is committed. Rejects, with nothing
 * written, when Postgres refuses the batch as a whole; with
 * EventStoreUnavailableError when the connection fails (outcome unknown).
 */
export async function appendBatch(
  pool: Pick<Pool, 'query'>,
  appends: readonly PreparedAppend[],
): Promise<BatchOutcome[]> {
  let rows: BatchRow[];
  try {
    const result = await pool.query<BatchRow>({
      name: 'append_to_streams',
      text: `SELECT ordinal, outcome, revision::text AS revision_text, last_transaction_id,
                    last_position::text AS last_position_text
               FROM append_to_streams($1)`,
      values: [batchDocument(appends)],
    });
    rows = result.rows;
  } catch (error) {
    throw toStoreError(error);
  }
  const outcomes: BatchOutcome[] = new Array<BatchOutcome>(appends.length);
  for (const row of rows) {
    const append = appends[row.ordinal - 1] as PreparedAppend;
    outcomes[row.ordinal - 1] =
      row.outcome === 'ok'
        ? {
            ok: true,
            result: {
              nextExpectedRevision: BigInt(row.revision_text),
              position: {
                commit: BigInt(row.last_transaction_id as string),
                prepare: BigInt(row.last_position_text as string),
              },
            },
          }
        : { ok: false, error: revisionConflict(append, BigInt(row.revision_text)) };
  }
  return outcomes;
}
