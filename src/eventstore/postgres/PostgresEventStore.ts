import type { Pool } from '../../db/pool.js';
import {
  START,
  type AppendResult,
  type EventCodec,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type ScanAllOptions,
  type ScanResult,
  type StoredEventText,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandlers,
} from '../EventStore.js';
import { createAppendNotifier, listenForAppends } from './appendNotifier.js';
import { appendBatch } from './appendBatch.js';
import { appendPrepared, prepareAppend, type PreparedAppend } from './appendToStream.js';
import { createGroupCommit } from './groupCommit.js';
import { pollingSubscription } from './pollingSubscription.js';
import { headPosition, readAll, readAllText } from './readAll.js';
import { readStream, streamRevision } from './readStream.js';

export interface PostgresEventStoreOptions {
  pool: Pool;
  /** Used for the LISTEN connection of live subscriptions. */
  connectionString: string;
  /** The domain's event schemas and upcasters. */
  codec: EventCodec;
  pollIntervalMs?: number;
  subscriptionBatchSize?: number;
  /**
   * Most concurrent appends committed together in one transaction (group
   * commit); 1 commits every append on its own. Default 64.
   */
  appendBatchSize?: number;
  /**
   * Append round trips (lone appends or batches) in flight at once; appends
   * arriving while all are busy wait and are grouped. Default 8.
   */
  appendConcurrency?: number;
}

export class PostgresEventStore implements EventStore {
  private readonly notifier;
  private readonly subscriptions = new Set<Subscription>();
  private readonly send: (append: PreparedAppend) => Promise<AppendResult>;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.notifier = createAppendNotifier(options.pool);
    const appendOne = (append: PreparedAppend) => appendPrepared(options.pool, append);
    const maxBatchSize = options.appendBatchSize ?? 64;
    if (maxBatchSize <= 1) {
      this.send = appendOne;
    } else {
      const groupCommit = createGroupCommit({
        maxBatchSize,
        maxInFlight: options.appendConcurrency ?? 8,
        appendOne,
        appendMany: (appends) => appendBatch(options.pool, appends),
      });
      this.send = (append) => groupCommit.append(append);
    }
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const result = await this.send(
      prepareAppend(streamName, events, options.expectedRevision ?? 'any', this.options.codec),
    );
    this.notifier.notify();
    return result;
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStream(this.options.pool, streamName, options ?? {}, this.options.codec);
  }

  streamRevision(streamName: string): Promise<bigint | undefined> {
    return streamRevision(this.options.pool, streamName);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return readAll(this.options.pool, options, this.options.codec);
  }

  readAllText(options: ReadAllOptions): Promise<StoredEventText[]> {
    return readAllText(this.options.pool, options);
  }

  // The filter runs in Postgres on the tenant's index, so every event this
  // store examines for the caller is one it returns: the scan is bounded by
  // the events returned.
  async scanAll(options: ScanAllOptions): Promise<ScanResult> {
    const maxCount = Math.max(1, Math.min(options.maxCount, options.maxScan));
    const events = await this.readAll({ ...options, maxCount });
    const last = events.at(-1);
    return {
      events,
      scanned: events.length,
      resumeFrom: last && events.length === maxCount ? last.position : null,
    };
  }

  async headPosition(): Promise<GlobalPosition> {
    return (await headPosition(this.options.pool)) ?? START;
  }

  subscribeToAll(handlers: SubscriptionHandlers, options: SubscribeOptions = {}): Subscription {
    const subscription = pollingSubscription(handlers, {
      readAll: (readOptions) => this.readAll(readOptions),
      ...(options.from ? { from: options.from } : {}),
      ...(options.filter ? { filter: options.filter } : {}),
      batchSize: this.options.subscriptionBatchSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs ?? 500,
      onWake: (wake) => {
        const listener = listenForAppends(this.options.connectionString, wake);
        return () => listener.close();
      },
    });
    const tracked: Subscription = {
      stop: async () => {
        this.subscriptions.delete(tracked);
        await subscription.stop();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  watchAppends(onAppended: () => void): Subscription {
    const listener = listenForAppends(this.options.connectionString, onAppended);
    const tracked: Subscription = {
      stop: async () => {
        this.subscriptions.delete(tracked);
        await listener.close();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }
}
