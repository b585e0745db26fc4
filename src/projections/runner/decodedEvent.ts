import type { RecordedEvent } from '../../eventstore/EventStore.js';
import type { ParkedEvent } from './parkedEvents.js';
import type { Projection } from '../Projection.js';
import { decodeEvent, PoisonEventError, type ProjectedEvent } from '../projectedEvent.js';

/**
 * A log event with the outcome of decoding it: the event the folds see, or why
 * it can never be projected. Neither when no projection asked for its type.
 */
export interface DecodedEvent {
  readonly event: RecordedEvent;
  readonly projected?: ProjectedEvent;
  readonly poison?: string;
}

// Decoding checks each event against its schema, the costliest step of a
// fold; a batch is decoded once, however many projections fold it.
/** Decodes the events whose type `wanted` accepts; the others pass through undecoded. Pure. */
export function decodeEvents(
  events: readonly RecordedEvent[],
  wanted: (type: string) => boolean,
): DecodedEvent[] {
  return events.map((event) => {
    if (!wanted(event.type)) return { event };
    try {
      return { event, projected: decodeEvent(event) };
    } catch (error) {
      if (!(error instanceof PoisonEventError)) throw error;
      return { event, poison: error.message };
    }
  });
}

/** Every type any of the projections handles. */
export function handledByAny(projections: readonly Projection[]): (type: string) => boolean {
  const types = new Set<string>(projections.flatMap((projection) => [...projection.eventTypes]));
  return (type) => types.has(type);
}

/** One projection's share of a decoded batch: events to fold and poison events to park. Pure. */
export function shareOf(
  projection: Projection,
  events: readonly DecodedEvent[],
  parkReason?: string,
): { decoded: ProjectedEvent[]; parked: ParkedEvent[] } {
  const decoded: ProjectedEvent[] = [];
  const parked: ParkedEvent[] = [];
  for (const { event, projected, poison } of events) {
    if (!projection.eventTypes.has(event.type as never)) continue;
    if (parkReason !== undefined) parked.push({ event, error: parkReason, attempts: 2 });
    else if (projected) decoded.push(projected);
    else if (poison !== undefined) parked.push({ event, error: poison, attempts: 1 });
    else throw new Error(`${event.type} ${event.id} was not decoded for ${projection.name}`);
  }
  return { decoded, parked };
}
