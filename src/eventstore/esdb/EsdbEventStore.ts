import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START as ESDB_START,
  STREAM_EXISTS,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { InvalidEventError } from '../errors.js';
import {
  START,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type ScanAllOptions,
  type ScanResult,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandlers,
  type EventCodec,
} from '../EventStore.js';
import { toStoreError } from './esdbErrors.js';
import { readAll, scanAll } from './readAll.js';
import { toRecordedEvent } from './recordedEvent.js';
import { subscribeToAll } from './subscribeToAll.js';

const expectedRevisions = { any: ANY, no_stream: NO_STREAM, stream_exists: STREAM_EXISTS } as const;

// The production adapter: EventStoreDB over gRPC. Positions are the server's
// (commit, prepare) log positions; metadata travels as JSON event metadata.
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    /** The domain's event schemas and upcasters. */
    private readonly codec: EventCodec,
  ) {}

  /** `esdb://host:2113?tls=false`; the channel opens on first use. */
  static connect(url: string, codec: EventCodec): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(url), codec);
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new InvalidEventError('An append needs at least one event');
    const expectedRevision = options.expectedRevision ?? 'any';
    const proposed = events.map((event) => {
      const valid = this.codec.validate(event.type, event.data, event.metadata);
      return jsonEvent({
        id: event.id ?? randomUUID(),
        type: valid.type,
        data: valid.data as Record<string, unknown>,
        metadata: valid.metadata,
      });
    });
    try {
      const result = await this.client.appendToStream(streamName, proposed, {
        expectedRevision:
          typeof expectedRevision === 'bigint'
            ? expectedRevision
            : expectedRevisions[expectedRevision],
      });
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position ?? START,
      };
    } catch (error) {
      throw toStoreError(error, { streamName, expectedRevision });
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : ESDB_START),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved, this.codec);
        if (event) events.push(event);
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    try {
      return await readAll(this.client, options, this.codec);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async scanAll(options: ScanAllOptions): Promise<ScanResult> {
    try {
      return await scanAll(this.client, options, this.codec);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async headPosition(): Promise<GlobalPosition> {
    const [newest] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return newest?.position ?? START;
  }

  subscribeToAll(handlers: SubscriptionHandlers, options: SubscribeOptions = {}): Subscription {
    const subscription = subscribeToAll(this.client, handlers, options, this.codec);
    const tracked: Subscription = {
      stop: async () => {
        this.subscriptions.delete(tracked);
        await subscription.stop();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }
}
