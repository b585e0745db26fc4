import type { Queue } from 'bullmq';
import type { Pool } from '../../db/pool.js';
import type { EventStore } from '../../eventstore/EventStore.js';
import { settlePendingEndpoints } from '../subscriptions/followSubscriptionLog.js';
import type { Logger } from '../../logger.js';
import { deliveriesToQueue, markQueued } from './deliveries.js';
import { deliveryJobOptions, type DeliveryJobData, type RetryPolicy } from './deliveryQueue.js';
import { dispatchAlerts } from './dispatchAlerts.js';

export interface DeliveryDispatcher {
  /** One round: fan new alerts out, queue pending deliveries. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

const batch = 500;

// Moves the outbox along: subscriptions whose command stopped after its
// append are settled from their streams, new alerts become deliveries, and deliveries not yet
// queued (or whose job was lost) get their job. Any number of processes may
// run one: the fan-out locks what it takes and the job id dedupes the queue.
export function startDeliveryDispatcher(
  deps: { pool: Pool; eventStore: EventStore; logger: Logger; queue: Queue<DeliveryJobData> },
  options: { intervalMs: number; retry: RetryPolicy; jobLockMs: number },
): DeliveryDispatcher {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async (): Promise<void> => {
    await settlePendingEndpoints({ ...deps, now: () => new Date() });
    while ((await dispatchAlerts(deps.pool, batch)) === batch);
    const due = await deliveriesToQueue(deps.pool, batch, options.jobLockMs);
    for (const deliveryId of due) {
      await deps.queue.add(
        'deliver',
        { deliveryId },
        deliveryJobOptions(deliveryId, options.retry),
      );
    }
    await markQueued(deps.pool, due);
  };
  const timer = setInterval(() => {
    running = running
      .then(() => (stopped ? undefined : tick()))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'webhook dispatch failed'));
  }, options.intervalMs);
  return {
    tick: () => (running = running.then(tick)),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => {});
    },
  };
}
