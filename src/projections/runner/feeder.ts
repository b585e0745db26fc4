import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import type { Pool } from '../../db/pool.js';
import {
  comparePositions,
  type EventStore,
  type Subscription,
} from '../../eventstore/EventStore.js';
import type { Logger } from '../../logger.js';
import { readCheckpointsAtOnce } from './checkpoints.js';
import type { Projection } from '../Projection.js';
import { togetherJobName, togetherJobOptions, wakeJobOptions, type WakeJobData } from './queues.js';

export interface FeederOptions {
  eventStore: EventStore;
  pool: Pool;
  queue: Queue<WakeJobData>;
  projections: readonly Projection[];
  logger: Logger;
  /** Safety net besides live wake-ups: covers lost jobs (a Redis restart) and missed notifications. */
  wakeIntervalMs: number;
  /** Least time between two rounds of wake-up jobs; 0 queues them as events arrive. */
  minWakeGapMs?: number;
  /** One wake-up job for all projections (runTogether.ts) instead of one per projection. */
  together?: boolean;
}

export interface Feeder {
  /** Wakes every projection whose checkpoint is behind the newest event. */
  wakeLagging(): Promise<void>;
  stop(): Promise<void>;
}

// Turns "new events exist" into at most one waiting wake-up job per
// projection; workers read the events themselves. The live subscription starts
// at the head: the backlog behind any checkpoint is covered by the first
// lag check, so the feeder never reads history a worker will read anyway.
export async function startFeeder(options: FeederOptions): Promise<Feeder> {
  const { queue, logger } = options;
  const pending = new Set<string>();
  let flushing: Promise<void> | undefined;
  let stopped = false;

  const minWakeGapMs = options.minWakeGapMs ?? 0;
  const queueWakeUps = async (names: readonly string[]): Promise<void> => {
    if (names.length === 0) return;
    try {
      if (options.together) {
        await queue.add(togetherJobName, { together: true }, togetherJobOptions());
        return;
      }
      await Promise.all(
        names.map((name) => queue.add(name, { projection: name }, wakeJobOptions(name))),
      );
    } catch (error) {
      // The periodic lag check wakes them again once Redis answers.
      logger.warn({ err: error, projections: names }, 'could not queue projection wake-up');
    }
  };
  // Runs while wake-ups keep arriving, which under steady load is as long as
  // the load lasts; `flushing` is cleared in the same step as the last
  // emptiness check, so a wake-up arriving later always starts a new loop.
  const flush = async (): Promise<void> => {
    try {
      while (pending.size > 0 && !stopped) {
        const names = [...pending];
        pending.clear();
        const queuedAt = Date.now();
        await queueWakeUps(names);
        // Under steady load every append would wake the workers for a batch of
        // a few events, each batch paying its transaction, checkpoint and job;
        // waking at most every gap lets the events of a gap share one batch.
        const rest = minWakeGapMs - (Date.now() - queuedAt);
        if (rest > 0 && !stopped) await sleep(rest);
      }
    } finally {
      flushing = undefined;
    }
  };
  const wake = (names: readonly string[]): void => {
    for (const name of names) pending.add(name);
    if (flushing === undefined && pending.size > 0 && !stopped) flushing = flush();
  };

  // Queues the lagging projections' wake-ups itself rather than waiting for
  // the live loop, which may not end while events keep arriving. Wake-up jobs
  // are deduplicated, so queueing one twice is harmless.
  const wakeLagging = async (): Promise<void> => {
    const head = await options.eventStore.headPosition();
    const checkpoints = await readCheckpointsAtOnce(
      options.pool,
      options.projections.map((p) => p.name),
    );
    await queueWakeUps(
      checkpoints
        .filter((checkpoint) => comparePositions(checkpoint.position, head) < 0)
        .map((checkpoint) => checkpoint.projection),
    );
  };

  const allNames = options.projections.map((p) => p.name);
  const head = await options.eventStore.headPosition();
  // The workers read the events themselves: a store that can say "appended"
  // without reading them spares the feeder a second read of every event.
  const subscription: Subscription = options.eventStore.watchAppends
    ? options.eventStore.watchAppends(() => wake(allNames))
    : options.eventStore.subscribeToAll(
        {
          onEvent: () => {},
          onCheckpoint: () => wake(allNames),
          onError: (error) => logger.warn({ err: error }, 'feeder subscription error'),
        },
        { from: head },
      );
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    wakeLagging()
      .catch((error: unknown) => logger.warn({ err: error }, 'projection lag check failed'))
      .finally(() => {
        checking = false;
      });
  }, options.wakeIntervalMs);
  await wakeLagging().catch((error: unknown) =>
    logger.warn({ err: error }, 'projection lag check failed'),
  );

  return {
    wakeLagging,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await subscription.stop();
      await flushing;
    },
  };
}
