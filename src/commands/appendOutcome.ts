import { randomUUID } from 'node:crypto';
import {
  EventStoreUnavailableError,
  ExpectedRevisionConflict,
  InvalidEventError,
} from '../eventstore/errors.js';
import type { EventStore, ExpectedRevision, NewEvent } from '../eventstore/EventStore.js';

export type AppendOutcome =
  | { appended: true; revision: bigint }
  /** The events are not in the log. */
  | { appended: false; error: unknown }
  /** The append failed and the stream could not be read to tell whether it wrote. */
  | { appended: 'unknown'; error: unknown };

/** The revision an append reached; its error when it did not surely happen. */
export function appendedRevision(outcome: AppendOutcome): bigint {
  if (outcome.appended === true) return outcome.revision;
  throw outcome.error;
}

/** The events with an id each, so that an append can be looked for afterwards. */
export function withEventIds(events: readonly NewEvent[]): (NewEvent & { id: string })[] {
  return events.map((event) => ({ ...event, id: event.id ?? randomUUID() }));
}

/**
 * Appends, and when the append fails without saying whether it wrote (a cut
 * connection, a timeout after the commit), reads the stream to find out, so
 * that the command neither undoes what the log holds nor keeps what it lacks.
 */
export async function appendWithOutcome(
  eventStore: EventStore,
  streamName: string,
  events: readonly (NewEvent & { id: string })[],
  expectedRevision: ExpectedRevision,
): Promise<AppendOutcome> {
  try {
    const result = await eventStore.appendToStream(streamName, events, { expectedRevision });
    return { appended: true, revision: result.nextExpectedRevision };
  } catch (error) {
    if (
      error instanceof ExpectedRevisionConflict ||
      error instanceof InvalidEventError ||
      (error instanceof EventStoreUnavailableError && error.notSent)
    ) {
      return { appended: false, error };
    }
    const lastId = events.at(-1)?.id;
    try {
      const stored = await eventStore.readStream(streamName);
      const found = stored.find((event) => event.id === lastId);
      return found
        ? { appended: true, revision: found.streamRevision }
        : { appended: false, error };
    } catch {
      return { appended: 'unknown', error };
    }
  }
}
