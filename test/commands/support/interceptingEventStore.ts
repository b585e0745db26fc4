import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
} from '../../../src/eventstore/EventStore.js';
import { EventStoreUnavailableError } from '../../../src/eventstore/errors.js';

/** Stands in for one append: may run it (or not), fail, wait or never return. */
export type Interceptor = (append: () => Promise<AppendResult>) => Promise<AppendResult>;

/**
 * An event store whose appends to agent, tenant and webhook streams can be intercepted
 * one by one, in order: the faults a command can meet between deciding and
 * writing its row. Token streams and reads pass straight through.
 */
export class InterceptingEventStore implements EventStore {
  private readonly queue: Interceptor[] = [];

  constructor(private readonly inner: EventStore) {}

  /** The next appends (to agent, tenant or webhook streams) go through these, in order. */
  intercept(...interceptors: Interceptor[]): void {
    this.queue.push(...interceptors);
  }

  clear(): void {
    this.queue.length = 0;
    this.readsToFail = 0;
  }

  private readsToFail = 0;

  /** The next read of a stream fails as if the store were cut off. */
  failNextRead(): void {
    this.readsToFail += 1;
  }

  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const append = () => this.inner.appendToStream(streamName, events, options);
    const intercepted = /^(agent|tenant|webhooks)-/.test(streamName)
      ? this.queue.shift()
      : undefined;
    return intercepted ? intercepted(append) : append();
  }

  readStream: EventStore['readStream'] = (...args) => {
    if (this.readsToFail > 0) {
      this.readsToFail -= 1;
      return Promise.reject(unavailable());
    }
    return this.inner.readStream(...args);
  };
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  scanAll: EventStore['scanAll'] = (...args) => this.inner.scanAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  subscribeToAll: EventStore['subscribeToAll'] = (...args) => this.inner.subscribeToAll(...args);
  close: EventStore['close'] = () => this.inner.close();
}

const unavailable = () => new EventStoreUnavailableError(new Error('connection cut'));

/** The append never reaches the store. */
export const failBefore: Interceptor = () => Promise.reject(unavailable());

/** The append is stored, but its answer is lost on the way back. */
export const failAfter: Interceptor = async (append) => {
  await append();
  throw unavailable();
};

/** The append is stored and the command never goes on: its process was killed. */
export function hangAfter(onHang: () => void): Interceptor {
  return async (append) => {
    await append();
    onHang();
    return new Promise<AppendResult>(() => {});
  };
}

export interface Gate {
  interceptor: Interceptor;
  /** Resolves when the intercepted append has reached the gate. */
  reached: Promise<void>;
  release(): void;
}

/** Holds the append before it runs ('before') or after it is stored ('after'), until released. */
export function gate(where: 'before' | 'after'): Gate {
  let arrive = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const interceptor: Interceptor = async (append) => {
    if (where === 'before') {
      arrive();
      await released;
      return append();
    }
    const result = await append();
    arrive();
    await released;
    return result;
  };
  return { interceptor, reached, release };
}
