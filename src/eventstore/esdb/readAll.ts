import {
  BACKWARDS,
  END,
  FORWARDS,
  START as ESDB_START,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { comparePositions, type ReadAllOptions, type RecordedEvent } from '../EventStore.js';
import { matchesFilter } from '../matchesFilter.js';
import { isSystemEvent, toRecordedEvent } from './recordedEvent.js';

const pageSize = 512;

// The client reads $all without a server-side filter, so filtered reads page
// through the log and filter here. A read from a position is inclusive on the
// server going forwards and exclusive going backwards; comparing each event
// with the cursor makes the bound exclusive both ways whatever the server does.
export async function readAll(
  client: EventStoreDBClient,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  // START is (-1, -1): nothing lies before it, everything after it.
  const fromStart = options.from !== undefined && options.from.commit < 0n;
  if (fromStart && backwards) return [];
  let cursor = fromStart ? undefined : options.from;
  const found: RecordedEvent[] = [];
  for (;;) {
    let seen = 0;
    const page = client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: cursor ?? (backwards ? END : ESDB_START),
      maxCount: pageSize,
    });
    for await (const resolved of page) {
      seen += 1;
      const position = resolved.event?.position;
      if (!position) continue;
      if (cursor) {
        const order = comparePositions(position, cursor);
        if (backwards ? order >= 0 : order <= 0) continue;
      }
      cursor = position;
      if (isSystemEvent(resolved)) continue;
      const event = toRecordedEvent(resolved);
      if (!event || !matchesFilter(event, options.filter)) continue;
      found.push(event);
      if (found.length >= options.maxCount) {
        await page.cancel();
        return found;
      }
    }
    if (seen < pageSize) return found;
  }
}
