import type { EventMetadata } from '../events/metadata.js';

// The event store port. Adapters: ./postgres (embedded default) and ./esdb
// (EventStoreDB). Both pass test/eventstore/contract.ts.

/** Ordering key in the global log: (commit, prepare), compared lexicographically.
 *  Postgres: (transaction id, sequence position); EventStoreDB: its log positions. */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: GlobalPosition = Object.freeze({ commit: -1n, prepare: -1n });

/**
 * The domain's events as the adapters see them, given to each adapter as an
 * option: the store knows no event type of its own.
 */
export interface EventCodec {
  /** Checks an event before anything is written (throws InvalidEventError); answers what to store. */
  validate(
    type: string,
    data: unknown,
    metadata: unknown,
  ): { type: string; schemaVersion: number; data: unknown; metadata: EventMetadata };
  /** Lifts data stored under an older schema version to the current one. */
  upcast(type: string, schemaVersion: number, data: unknown): { version: number; data: unknown };
}

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface NewEvent<Data = unknown> {
  /** Defaults to a random UUID. */
  readonly id?: string;
  readonly type: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamName: string;
  readonly streamRevision: bigint;
  readonly position: GlobalPosition;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
}

/**
 * A log event as the store holds it: data still JSON text, not parsed nor
 * upcast, and of the metadata only the tenant and the instant, as stored.
 * For a reader that parses elsewhere (a rebuild parses in its worker thread,
 * so the reading thread does not, and text crosses threads for the cost of
 * a copy) and reads no more of the metadata than projections do.
 */
export interface StoredEventText {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamName: string;
  readonly position: GlobalPosition;
  readonly dataText: string;
  /** Each undefined where the stored metadata has no such field. */
  readonly metadata: { readonly tenantId?: string; readonly occurredAt?: string };
}

export interface AppendResult {
  /** Revision of the last event written; pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  readonly position: GlobalPosition;
}

export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamNamePrefixes?: readonly string[];
  /** Only events whose metadata.tenantId matches. */
  readonly tenantId?: string;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first (forwards) or last (backwards) event. */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Exclusive bound: forwards reads events after it, backwards events before it.
   *  Omitted: from the start (forwards) or from the end (backwards). */
  readonly from?: GlobalPosition;
  readonly maxCount: number;
  readonly filter?: EventFilter;
}

export interface ScanAllOptions extends ReadAllOptions {
  /** Log events to examine at most (at least 1), whether they match the filter or not. */
  readonly maxScan: number;
}

export interface ScanResult {
  /** Matching events in order, at most maxCount. */
  readonly events: RecordedEvent[];
  /** Log events examined. */
  readonly scanned: number;
  /** Where a following scan in the same direction goes on from (an exclusive `from`);
   *  null when the scan reached the end of the log. */
  readonly resumeFrom: GlobalPosition | null;
}

export interface SubscriptionHandlers {
  onEvent(event: RecordedEvent): Promise<void> | void;
  /** Called each time the subscription has delivered everything currently stored. */
  onCaughtUp?(): void;
  /** Position scanned so far, also when filtered-out events were skipped. */
  onCheckpoint?(position: GlobalPosition): Promise<void> | void;
  onError?(error: Error): void;
}

export interface SubscribeOptions {
  /** Exclusive: delivery starts with the first event after this position. */
  readonly from?: GlobalPosition;
  readonly filter?: EventFilter;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream; [] when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * The revision of the stream's last event, undefined when the stream does
   * not exist: readStream backwards for one event, without reading or decoding
   * the event. Optional; without it, read that event.
   */
  streamRevision?(streamName: string): Promise<bigint | undefined>;
  /** A batch of the global log in order, never skipping an event a later read could see. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * readAll without parsing the events' JSON (see StoredEventText). Optional;
   * without it, readAll.
   */
  readAllText?(options: ReadAllOptions): Promise<StoredEventText[]>;
  /**
   * readAll with a bound on the work: stops after maxScan log events even with
   * fewer than maxCount matches, and says where to go on. For a rare filter
   * over a long log, where readAll would read until it found maxCount.
   */
  scanAll(options: ScanAllOptions): Promise<ScanResult>;
  /** The position of the newest event (START when empty), for lag measurement. */
  headPosition(): Promise<GlobalPosition>;
  /** Catch-up, then live. */
  subscribeToAll(handlers: SubscriptionHandlers, options?: SubscribeOptions): Subscription;
  /**
   * Calls back after events were appended (coalesced, sometimes spuriously),
   * without reading them: for readers that read the log themselves and only
   * need to know when to look. Optional; without it, watch with subscribeToAll.
   */
  watchAppends?(onAppended: () => void): Subscription;
  close(): Promise<void>;
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
