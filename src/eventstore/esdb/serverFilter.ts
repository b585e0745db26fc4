import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@eventstore/db-client';
import type { EventFilter } from '../EventStore.js';
import { tenantStreamPrefixes } from '../../events/streams.js';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// EventStoreDB filters $all on one thing: stream names or event types. The
// most selective part of our filter goes to the server (a tenant's streams
// share prefixes, see streams.ts); the adapter re-checks the whole filter on
// every delivered event. Every variant also leaves out system events.
export function serverFilter(filter: EventFilter | undefined): Filter {
  const options = { checkpointInterval: 1 };
  if (filter?.streamNamePrefixes) {
    return streamNameFilter({ ...options, prefixes: [...filter.streamNamePrefixes] });
  }
  if (filter?.tenantId) {
    return streamNameFilter({ ...options, prefixes: tenantStreamPrefixes(filter.tenantId) });
  }
  if (filter?.eventTypes) {
    const alternatives = filter.eventTypes.map(escapeRegex).join('|');
    return eventTypeFilter({ ...options, regex: `^(?:${alternatives})$` });
  }
  return excludeSystemEvents(options);
}
