import type { EventMetadata } from '../events/metadata.js';
import { upcast } from '../events/registry.js';
import type { RecordedEvent } from '../EventStore.js';

// Columns every read selects; 64-bit values travel as text to stay exact.
export const recordedEventColumns = `
  event_id::text AS event_id, event_type, schema_version, stream_name,
  stream_revision::text AS stream_revision, transaction_id::text AS transaction_id,
  position::text AS position, data, metadata, recorded_at`;

export interface RecordedEventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  stream_name: string;
  stream_revision: string;
  transaction_id: string;
  position: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

export function toRecordedEvent(row: RecordedEventRow): RecordedEvent {
  const current = upcast(row.event_type, row.schema_version, row.data);
  return {
    id: row.event_id,
    type: row.event_type,
    schemaVersion: current.version,
    streamName: row.stream_name,
    streamRevision: BigInt(row.stream_revision),
    position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.position) },
    data: current.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

/** START (-1, -1) sorts before every real (transaction id, position). */
export function positionParams(position: { commit: bigint; prepare: bigint }): [string, string] {
  return [position.commit < 0n ? '0' : position.commit.toString(), position.prepare.toString()];
}
