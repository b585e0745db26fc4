import type { EventType as EsdbEventType, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata } from '../../events/metadata.js';
import type { EventCodec, RecordedEvent } from '../EventStore.js';

/** System events ($-prefixed types or streams) live in every $all; ours never start with $. */
export function isSystemEvent(resolved: ResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.type.startsWith('$') || event.streamId.startsWith('$');
}

// EventStoreDB keeps our metadata as the event's JSON metadata, with the
// schema version stamped in by the codec's validate; data is upcast from it.
export function toRecordedEvent(
  resolved: ResolvedEvent<EsdbEventType>,
  codec: Pick<EventCodec, 'upcast'>,
): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event?.isJson || !event.position) return undefined;
  const metadata = event.metadata as EventMetadata;
  const current = codec.upcast(event.type, metadata.schemaVersion ?? 1, event.data);
  return {
    id: event.id,
    type: event.type,
    schemaVersion: current.version,
    streamName: event.streamId,
    streamRevision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    data: current.data,
    metadata,
    recordedAt: event.created,
  };
}
