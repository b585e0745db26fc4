import {
  START as ESDB_START,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type {
  SubscribeOptions,
  Subscription,
  SubscriptionHandlers,
  GlobalPosition,
  EventCodec,
} from '../EventStore.js';
import { matchesFilter } from '../matchesFilter.js';
import { toStoreError } from './esdbErrors.js';
import { isSystemEvent, toRecordedEvent } from './recordedEvent.js';
import { serverFilter } from './serverFilter.js';

class HandlerFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('Subscription handler failed', { cause });
    this.name = 'HandlerFailed';
  }
}

export interface EsdbSubscriptionOptions extends SubscribeOptions {
  /** Pause before resubscribing after the connection drops. */
  retryDelayMs?: number;
}

// A catch-up subscription to $all with a server-side filter. The client
// reports checkpoints and caught-up as they pass through its stream, possibly
// before we have handled events buffered ahead of them; both are held back
// until those events are handled, so a saved checkpoint never passes an
// unhandled event. When the subscription drops it resubscribes after the
// last position handed out (event or checkpoint).
export function subscribeToAll(
  client: EventStoreDBClient,
  handlers: SubscriptionHandlers,
  options: EsdbSubscriptionOptions,
  codec: Pick<EventCodec, 'upcast'>,
): Subscription {
  let stopped = false;
  let position: GlobalPosition | undefined =
    options.from && options.from.commit >= 0n ? options.from : undefined;
  let current: AllStreamSubscription | undefined;

  const runOnce = async (): Promise<void> => {
    let read = 0;
    let handled = 0;
    const waiters: { at: number; resolve(): void }[] = [];
    const settle = (): void => {
      for (const waiter of waiters.filter((w) => w.at <= handled)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    };
    const afterBuffered = (): Promise<void> =>
      new Promise((resolve) => {
        waiters.push({ at: read + subscription.readableLength, resolve });
        settle();
      });

    const subscription = client.subscribeToAll({
      fromPosition: position ?? ESDB_START,
      filter: {
        ...serverFilter(options.filter),
        checkpointReached: async (_sub, checkpoint) => {
          await afterBuffered();
          if (stopped) return;
          position = { commit: checkpoint.commit, prepare: checkpoint.prepare };
          await handlers.onCheckpoint?.(position);
        },
      },
    });
    current = subscription;
    subscription.on('caughtUp', () => {
      void afterBuffered().then(() => {
        if (!stopped) handlers.onCaughtUp?.();
      });
    });
    try {
      for await (const resolved of subscription) {
        read += 1;
        if (stopped) break;
        const event = isSystemEvent(resolved) ? undefined : toRecordedEvent(resolved, codec);
        if (event && matchesFilter(event, options.filter)) {
          await Promise.resolve(handlers.onEvent(event)).catch((cause: unknown) => {
            throw new HandlerFailed(cause);
          });
        }
        if (resolved.event?.position) position = resolved.event.position;
        handled += 1;
        settle();
      }
    } finally {
      waiters.splice(0).forEach((waiter) => waiter.resolve());
    }
  };

  const running = (async () => {
    while (!stopped) {
      try {
        await runOnce();
        if (!stopped) throw new Error('Subscription to $all ended');
      } catch (error) {
        if (stopped) return;
        if (error instanceof HandlerFailed) {
          // A failing handler stops the subscription, as on every adapter.
          stopped = true;
          await current?.unsubscribe().catch(() => {});
          handlers.onError?.(
            error.cause instanceof Error ? error.cause : new Error(String(error.cause)),
          );
          return;
        }
        handlers.onError?.(toStoreError(error));
        await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 1000));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await current?.unsubscribe().catch(() => {});
      // A cancelled call never ends the client's stream; destroying it does.
      current?.destroy();
      await running;
    },
  };
}
