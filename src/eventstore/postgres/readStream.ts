import type { Pool } from '../../db/pool.js';
import type { ReadStreamOptions, RecordedEvent } from '../EventStore.js';
import {
  recordedEventColumns,
  toRecordedEvent,
  type RecordedEventRow,
} from './recordedEventRow.js';
import { toStoreError } from './storeErrors.js';

// A stream's own revisions are assigned under its row lock, so reading one
// stream needs no visibility guard.
export async function readStream(
  pool: Pool,
  streamName: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision ?? null;
  const limit = options.maxCount ?? null;
  try {
    const result = await pool.query<RecordedEventRow>(
      `SELECT ${recordedEventColumns} FROM events
        WHERE stream_name = $1
          AND ($2::bigint IS NULL OR (CASE WHEN $3 THEN stream_revision <= $2 ELSE stream_revision >= $2 END))
        ORDER BY CASE WHEN $3 THEN -stream_revision ELSE stream_revision END
        LIMIT $4`,
      [streamName, from?.toString() ?? null, backwards, limit],
    );
    return result.rows.map(toRecordedEvent);
  } catch (error) {
    throw toStoreError(error);
  }
}
