import {
  START,
  type EventFilter,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
  type Subscription,
  type SubscriptionHandlers,
} from '../EventStore.js';
import { matchesFilter } from '../matchesFilter.js';

export interface PollingSubscriptionOptions {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  from?: GlobalPosition;
  filter?: EventFilter;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Registers a wake-up callback (LISTEN/NOTIFY); returns its disposer. */
  onWake?(wake: () => void): () => Promise<void>;
}

// Catch-up then live over readAll: reads unfiltered batches so the position
// advances (and is reported as a checkpoint) even when the filter matches
// nothing, then sleeps until woken or the poll interval passes.
export function pollingSubscription(
  handlers: SubscriptionHandlers,
  options: PollingSubscriptionOptions,
): Subscription {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  let position = options.from ?? START;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let pendingWake = false;

  const wake = (): void => {
    pendingWake = true;
    wakeUp?.();
  };
  const disposeWake = options.onWake?.(wake);

  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      if (pendingWake || stopped) return resolve();
      const timer = setTimeout(done, pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const loop = async (): Promise<void> => {
    let wasCaughtUp = false;
    while (!stopped) {
      pendingWake = false;
      let batch: RecordedEvent[];
      try {
        batch = await options.readAll({ from: position, maxCount: batchSize });
      } catch (error) {
        handlers.onError?.(error as Error);
        await sleep();
        continue;
      }
      for (const event of batch) {
        if (stopped) return;
        if (matchesFilter(event, options.filter)) await handlers.onEvent(event);
        position = event.position;
      }
      const last = batch.at(-1);
      if (last) await handlers.onCheckpoint?.(last.position);
      if (batch.length < batchSize) {
        if (!wasCaughtUp) handlers.onCaughtUp?.();
        wasCaughtUp = true;
        await sleep();
      } else {
        wasCaughtUp = false;
      }
    }
  };

  const running = loop().catch((error: unknown) => {
    stopped = true;
    handlers.onError?.(error as Error);
  });

  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
      await disposeWake?.();
    },
  };
}
