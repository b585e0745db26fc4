import type {
  GlobalPosition,
  RecordedEvent,
  StoredEventText,
} from '../../eventstore/EventStore.js';
import type { PreparedShare } from '../runner/applyBatch.js';
import { decodeEvents, shareOf } from '../runner/decodedEvent.js';
import type { ParkedEvent, ParkedEventRef } from '../runner/parkedEvents.js';
import type { EncodedEvent } from '../projectedEvent.js';
import type { Projection } from '../Projection.js';
import type { EventTexts, FoldRequest, FoldThread } from './foldThread.js';

/** A page read from the log, decoded and ready to write to every shadow table. */
export interface PreparedPage {
  last: GlobalPosition;
  count: number;
  /** One per projection, in order. */
  shares: PreparedShare[];
}

/** Decodes on this thread; each projection applies its events when written. */
export function prepareHere(
  projections: readonly Projection[],
  events: readonly RecordedEvent[],
  wanted: (type: string) => boolean,
): PreparedPage {
  const decoded = decodeEvents(events, wanted);
  return {
    last: (events.at(-1) as RecordedEvent).position,
    count: events.length,
    shares: projections.map((projection) => {
      const share = shareOf(projection, decoded);
      return {
        parked: share.parked,
        tenants: share.decoded.map((event) => event.tenantId),
        write: (client, table) =>
          projection.shadowBuild && projection.deltas
            ? projection.shadowBuild.write(client, table, projection.deltas.fold(share.decoded))
            : projection.apply(client, table, share.decoded),
      };
    }),
  };
}

/** What a page is read as: events, or (from a store that can) events with their JSON still text. */
export type PageEvents = readonly RecordedEvent[] | readonly StoredEventText[];

function isText(events: PageEvents): events is readonly StoredEventText[] {
  return events.length > 0 && 'dataText' in (events[0] as object);
}

function columnsOf(events: readonly StoredEventText[]): EventTexts {
  const texts: EventTexts = {
    ids: [],
    types: [],
    schemaVersions: [],
    dataTexts: [],
    tenantIds: [],
    occurredAts: [],
    commits: [],
    prepares: [],
  };
  for (const event of events) {
    texts.ids.push(event.id);
    texts.types.push(event.type);
    texts.schemaVersions.push(event.schemaVersion);
    texts.dataTexts.push(event.dataText);
    texts.tenantIds.push(event.metadata.tenantId);
    texts.occurredAts.push(event.metadata.occurredAt);
    texts.commits.push(event.position.commit);
    texts.prepares.push(event.position.prepare);
  }
  return texts;
}

function toThread(handled: PageEvents): FoldRequest['events'] {
  if (isText(handled)) return { texts: columnsOf(handled) };
  return handled.map(({ id, type, data, metadata, position }): EncodedEvent => ({
    id,
    type,
    data,
    // Decoding reads these two; the rest of the metadata would only cost cloning.
    metadata: { tenantId: metadata?.tenantId, occurredAt: metadata?.occurredAt },
    position,
  }));
}

/**
 * Decodes and folds in the fold thread. Only the events some projection
 * handles cross over, and only what decoding reads of them (text crosses as
 * it was read, and is parsed there); deltas (or, for a projection without a
 * fold of its own, decoded events) come back.
 */
export async function prepareInThread(
  thread: FoldThread,
  projections: readonly Projection[],
  events: PageEvents,
  wanted: (type: string) => boolean,
): Promise<PreparedPage> {
  const handled = (events as ReadonlyArray<RecordedEvent | StoredEventText>).filter((event) =>
    wanted(event.type),
  ) as PageEvents;
  const folded = await thread.fold(toThread(handled));
  return {
    last: (events.at(-1) as ParkedEventRef).position,
    count: events.length,
    shares: projections.map((projection, index): PreparedShare => {
      const share = folded.shares[index];
      if (!share) throw new Error(`fold thread returned no share for ${projection.name}`);
      const parked: ParkedEvent[] = [];
      for (const [at, error] of folded.poison) {
        const event = handled[at] as ParkedEventRef;
        if (projection.eventTypes.has(event.type as never))
          parked.push({ event, error, attempts: 1 });
      }
      return {
        parked,
        tenants: share.tenants,
        write: (client, table) => {
          if (!('deltas' in share)) return projection.apply(client, table, share.events);
          const write = projection.shadowBuild?.write ?? projection.deltas?.write;
          if (!write) throw new Error(`${projection.name} has no write for deltas`);
          return write(client, table, share.deltas);
        },
      };
    }),
  };
}
