import {
  BACKWARDS,
  END,
  FORWARDS,
  START as ESDB_START,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import {
  comparePositions,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
  type ScanResult,
  type EventCodec,
} from '../EventStore.js';
import { matchesFilter } from '../matchesFilter.js';
import { isSystemEvent, toRecordedEvent } from './recordedEvent.js';

const pageSize = 512;

export async function readAll(
  client: EventStoreDBClient,
  options: ReadAllOptions,
  codec: Pick<EventCodec, 'upcast'>,
): Promise<RecordedEvent[]> {
  return (await scanAll(client, { ...options, maxScan: Number.POSITIVE_INFINITY }, codec)).events;
}

// The client reads $all without a server-side filter, so filtered reads page
// through the log and filter here; maxScan bounds how many log events one
// call reads, matching or not. A read from a position is inclusive on the
// server going forwards and exclusive going backwards; comparing each event
// with the cursor makes the bound exclusive both ways whatever the server does.
export async function scanAll(
  client: EventStoreDBClient,
  options: ReadAllOptions & { maxScan: number },
  codec: Pick<EventCodec, 'upcast'>,
): Promise<ScanResult> {
  const backwards = options.direction === 'backwards';
  // START is (-1, -1): nothing lies before it, everything after it.
  const fromStart = options.from !== undefined && options.from.commit < 0n;
  if (fromStart && backwards) return { events: [], scanned: 0, resumeFrom: null };
  let cursor: GlobalPosition | undefined = fromStart ? undefined : options.from;
  const found: RecordedEvent[] = [];
  let scanned = 0;
  const stopped = (): ScanResult => ({
    events: found,
    scanned,
    resumeFrom: cursor ?? options.from ?? null,
  });
  for (;;) {
    // Going forwards the page repeats the cursor's own event: one more to ask for.
    const repeat = cursor && !backwards ? 1 : 0;
    const maxCount = Math.min(pageSize, options.maxScan - scanned + repeat);
    let seen = 0;
    const page = client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: cursor ?? (backwards ? END : ESDB_START),
      maxCount,
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
      scanned += 1;
      const event = isSystemEvent(resolved) ? undefined : toRecordedEvent(resolved, codec);
      if (event && matchesFilter(event, options.filter)) found.push(event);
      if (found.length >= options.maxCount || scanned >= options.maxScan) {
        await page.cancel();
        return stopped();
      }
    }
    if (seen < maxCount) return { events: found, scanned, resumeFrom: null };
  }
}
