import type { Clock } from '../clock.js';
import type { EventStore, NewEvent } from '../eventstore/EventStore.js';
import type { DomainEventData } from '../events/schemas.js';
import { appendedRevision, appendWithOutcome, withEventIds } from './appendOutcome.js';
import {
  assertRevision,
  loadAggregate,
  toNewEvents,
  withConcurrencyRetry,
  type RevisionPrecondition,
  type LoadedAggregate,
} from './aggregateStream.js';
import type { CommandOrigin } from './commandDeps.js';

/** An aggregate's rules: the pure decide and the fold its state comes from. */
export interface Decider<State, Command> {
  initialState: State;
  evolve(state: State, event: DomainEventData): State;
  decide(command: Command, state: State): DomainEventData[];
}

/** The events about to be appended, with their ids, and the state they lead to. */
export interface PendingAppend<State> {
  newEvents: readonly (NewEvent & { id: string })[];
  state: State;
  expectedRevision: bigint | 'no_stream';
  now: Date;
}

export interface HandleCommandOptions<State> {
  eventStore: EventStore;
  clock: Clock;
  streamName: string;
  tenantId: string;
  origin: CommandOrigin;
  /**
   * From If-Match / If-None-Match: the revisions the caller requires or
   * excludes; with If-Match a conflict is not retried.
   */
  precondition?: RevisionPrecondition | undefined;
  /**
   * The stream is new (its id was just made): nothing is read, the append
   * expects no stream, and a conflict is not retried.
   */
  newStream?: boolean;
  /** Refuses the loaded state before deciding (an absent aggregate is a 404). */
  accept?: (loaded: LoadedAggregate<State>) => void;
  /**
   * Appends the events and answers the stream's new revision; by default a
   * plain append. Commands that keep a row beside the log (credentials) write
   * it around the append here.
   */
  append?: (pending: PendingAppend<State>) => Promise<bigint>;
}

export interface CommandResult<State> {
  state: State;
  revision: bigint | 'no_stream';
  /** The decided events; empty when the command changed nothing (then nothing was appended). */
  events: DomainEventData[];
}

/**
 * The one command shell: load the stream, decide, append with the expected
 * revision, and on a conflict with another writer do it all again once.
 */
export async function handleCommand<State, Command>(
  decider: Decider<State, Command>,
  command: Command | ((state: State) => Command),
  options: HandleCommandOptions<State>,
): Promise<CommandResult<State>> {
  const attempt = async (): Promise<CommandResult<State>> => {
    const loaded: LoadedAggregate<State> = options.newStream
      ? { state: decider.initialState, revision: 'no_stream' }
      : await loadAggregate(
          options.eventStore,
          options.streamName,
          decider.initialState,
          decider.evolve,
        );
    options.accept?.(loaded);
    assertRevision(loaded.revision, options.precondition);
    const events = decider.decide(
      typeof command === 'function'
        ? (command as (state: State) => Command)(loaded.state)
        : command,
      loaded.state,
    );
    if (events.length === 0) return { ...loaded, events };
    const now = options.clock.now();
    const state = events.reduce(decider.evolve, loaded.state);
    const newEvents = withEventIds(toNewEvents(events, options.tenantId, options.origin, now));
    const pending = { newEvents, state, expectedRevision: loaded.revision, now };
    const revision = await (options.append ?? appendEvents(options))(pending);
    return { state, revision, events };
  };
  if (options.newStream) return attempt();
  return withConcurrencyRetry(options.precondition, attempt);
}

function appendEvents<State>(
  options: HandleCommandOptions<State>,
): (pending: PendingAppend<State>) => Promise<bigint> {
  return async ({ newEvents, expectedRevision }) =>
    appendedRevision(
      await appendWithOutcome(options.eventStore, options.streamName, newEvents, expectedRevision),
    );
}
