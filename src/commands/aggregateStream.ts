import { ConflictError, PreconditionFailedError } from '../errors.js';
import { ExpectedRevisionConflict } from '../eventstore/errors.js';
import type { EventStore, NewEvent } from '../eventstore/EventStore.js';
import type { DomainEventData } from '../events/schemas.js';
import type { CommandOrigin } from './commandDeps.js';

export interface LoadedAggregate<S> {
  state: S;
  /** Revision of the stream's last event; 'no_stream' when it has none. */
  revision: bigint | 'no_stream';
}

export async function loadAggregate<S>(
  eventStore: EventStore,
  streamName: string,
  initialState: S,
  evolve: (state: S, event: DomainEventData) => S,
): Promise<LoadedAggregate<S>> {
  const recorded = await eventStore.readStream(streamName);
  const state = recorded.reduce(
    (current, event) => evolve(current, { type: event.type, data: event.data } as DomainEventData),
    initialState,
  );
  const last = recorded.at(-1);
  return { state, revision: last ? last.streamRevision : 'no_stream' };
}

export function toNewEvents(
  events: readonly DomainEventData[],
  tenantId: string,
  origin: CommandOrigin,
  now: Date,
): NewEvent[] {
  return events.map((event) => ({
    type: event.type,
    data: event.data,
    metadata: {
      tenantId,
      occurredAt: now.toISOString(),
      actor: origin.actor,
      correlationId: origin.correlationId,
      causationId: null,
    },
  }));
}

/**
 * The revisions a caller's If-Match accepts (strong tags only, see
 * http/ifMatch.ts); empty when it names no revision this service issued.
 */
export type IfMatchRevisions = readonly bigint[];

/** When the caller sent If-Match, the stream's current revision must be one it accepts. */
export function assertRevision(
  current: bigint | 'no_stream',
  expected: IfMatchRevisions | undefined,
): void {
  if (expected === undefined) return;
  if (current !== 'no_stream' && expected.includes(current)) return;
  const named = expected.length === 0 ? 'no revision it issued' : expected.join(' or ');
  throw new PreconditionFailedError(
    `The resource is at revision ${String(current)}; If-Match names ${named}`,
  );
}

/**
 * Runs load-decide-append, and once more with fresh state when another writer
 * appended in between. With an If-Match revision there is no retry: the
 * caller's view is stale, which is a failed precondition.
 */
export async function withConcurrencyRetry<T>(
  ifMatch: IfMatchRevisions | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ExpectedRevisionConflict)) throw error;
    if (ifMatch !== undefined) throw new PreconditionFailedError(error.message);
  }
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof ExpectedRevisionConflict) {
      throw new ConflictError('The resource was changed concurrently; retry the request');
    }
    throw error;
  }
}
