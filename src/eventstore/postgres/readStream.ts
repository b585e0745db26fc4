import type { Pool } from '../../db/pool.js';
import type { ReadStreamOptions, RecordedEvent, EventCodec } from '../EventStore.js';
import {
  recordedEventColumns,
  toRecordedEvent,
  type RecordedEventRow,
} from './recordedEventRow.js';
import { toStoreError } from './storeErrors.js';

// A stream's own revisions are assigned under its row lock, so reading one
// stream needs no visibility guard. One statement per direction so both walk
// the (stream_name, stream_revision) index instead of sorting the stream.
const forwardsSql = `
  SELECT ${recordedEventColumns} FROM events
   WHERE stream_name = $1 AND stream_revision >= $2
   ORDER BY stream_revision
   LIMIT $3`;

const backwardsSql = `
  SELECT ${recordedEventColumns} FROM events
   WHERE stream_name = $1 AND stream_revision <= $2
   ORDER BY stream_revision DESC
   LIMIT $3`;

const maxRevision = '9223372036854775807';

export async function readStream(
  pool: Pool,
  streamName: string,
  options: ReadStreamOptions,
  codec: Pick<EventCodec, 'upcast'>,
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision?.toString() ?? (backwards ? maxRevision : '0');
  try {
    const result = await pool.query<RecordedEventRow>(backwards ? backwardsSql : forwardsSql, [
      streamName,
      from,
      options.maxCount ?? null,
    ]);
    return result.rows.map((row) => toRecordedEvent(row, codec));
  } catch (error) {
    throw toStoreError(error);
  }
}

/** The revision of the stream's last event; a named statement on the stream's index. */
export async function streamRevision(pool: Pool, streamName: string): Promise<bigint | undefined> {
  try {
    // The alias must differ from the column: ORDER BY would sort the text.
    const result = await pool.query<{ revision: string }>({
      name: 'stream_revision',
      text: `SELECT stream_revision::text AS revision FROM events
              WHERE stream_name = $1 ORDER BY stream_revision DESC LIMIT 1`,
      values: [streamName],
    });
    const row = result.rows[0];
    return row ? BigInt(row.revision) : undefined;
  } catch (error) {
    throw toStoreError(error);
  }
}
