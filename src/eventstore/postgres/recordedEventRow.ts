import type { EventMetadata } from '../../events/metadata.js';
import type { RecordedEvent, EventCodec, StoredEventText } from '../EventStore.js';

// Columns every read selects; 64-bit values travel as text to stay exact.
// The text aliases must not reuse a column name: ORDER BY resolves output
// names first, and would then sort positions as strings ('1000' < '999').
export const recordedEventColumns = `
  event_id::text AS event_id, event_type, schema_version, stream_name,
  stream_revision::text AS revision_text, transaction_id::text AS commit_text,
  position::text AS prepare_text, data, metadata, recorded_at`;

/** What readAllText selects: the columns of StoredEventText. */
export const storedEventTextColumns = `
  event_id::text AS event_id, event_type, schema_version, stream_name,
  transaction_id::text AS commit_text, position::text AS prepare_text, data,
  metadata->>'tenantId' AS metadata_tenant_id, metadata->>'occurredAt' AS metadata_occurred_at`;

export interface RecordedEventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  stream_name: string;
  revision_text: string;
  commit_text: string;
  prepare_text: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

export function toRecordedEvent(
  row: RecordedEventRow,
  codec: Pick<EventCodec, 'upcast'>,
): RecordedEvent {
  const current = codec.upcast(row.event_type, row.schema_version, row.data);
  return {
    id: row.event_id,
    type: row.event_type,
    schemaVersion: current.version,
    streamName: row.stream_name,
    streamRevision: BigInt(row.revision_text),
    position: { commit: BigInt(row.commit_text), prepare: BigInt(row.prepare_text) },
    data: current.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

/** A row read with its JSON documents and instant left as text. */
export type RecordedEventTextRow = Omit<
  RecordedEventRow,
  'data' | 'metadata' | 'recorded_at' | 'revision_text'
> & {
  data: string;
  metadata_tenant_id: string | null;
  metadata_occurred_at: string | null;
};

export function toStoredEventText(row: RecordedEventTextRow): StoredEventText {
  return {
    id: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    streamName: row.stream_name,
    position: { commit: BigInt(row.commit_text), prepare: BigInt(row.prepare_text) },
    dataText: row.data,
    metadata: {
      tenantId: row.metadata_tenant_id ?? undefined,
      occurredAt: row.metadata_occurred_at ?? undefined,
    },
  };
}

/** START (-1, -1) sorts before every real (transaction id, position). */
export function positionParams(position: { commit: bigint; prepare: bigint }): [string, string] {
  return [position.commit < 0n ? '0' : position.commit.toString(), position.prepare.toString()];
}
