import type { EventFilter, RecordedEvent } from './EventStore.js';

export function matchesFilter(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.tenantId && event.metadata.tenantId !== filter.tenantId) return false;
  if (
    filter.streamNamePrefixes &&
    !filter.streamNamePrefixes.some((prefix) => event.streamName.startsWith(prefix))
  ) {
    return false;
  }
  return true;
}
