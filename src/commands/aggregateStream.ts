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
 * A request's conditions on the stream's revision (RFC 9110 section 13.1):
 * `match`, from If-Match, lists the revisions it must be at (strong tags
 * only, see http/ifMatch.ts; empty when it names none this service issued);
 * `noneMatch`, from If-None-Match, those it must not be at (`any`: the
 * resource must not exist).
 */
export interface RevisionPrecondition {
  readonly match?: readonly bigint[];
  readonly noneMatch?: 'any' | readonly bigint[];
}

/** The stream's current revision must meet the caller's precondition, if any (else 412). */
export function assertRevision(
  current: bigint | 'no_stream',
  precondition: RevisionPrecondition | undefined,
): void {
  const { match, noneMatch } = precondition ?? {};
  if (match !== undefined && (current === 'no_stream' || !match.includes(current))) {
    const named = match.length === 0 ? 'no revision it issued' : match.join(' or ');
    throw new PreconditionFailedError(
      `The resource is at revision ${String(current)}; If-Match names ${named}`,
    );
  }
  if (noneMatch === undefined || current === 'no_stream') return;
  if (noneMatch === 'any' || noneMatch.includes(current)) {
    throw new PreconditionFailedError(
      `The resource is at revision ${current}, which If-None-Match excludes`,
    );
  }
}

/**
 * Runs load-decide-append, and once more with fresh state when another writer
 * appended in between. With an If-Match revision there is no retry: the
 * caller's view is stale, which is a failed precondition (an If-None-Match
 * is judged again on the fresh state).
 */
export async function withConcurrencyRetry<T>(
  precondition: RevisionPrecondition | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ExpectedRevisionConflict)) throw error;
    if (precondition?.match !== undefined) throw new PreconditionFailedError(error.message);
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
