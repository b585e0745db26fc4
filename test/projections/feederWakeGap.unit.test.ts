import { describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from '../../src/db/pool.js';
import {
  START,
  type EventStore,
  type SubscriptionHandlers,
} from '../../src/eventstore/EventStore.js';
import { createLogger } from '../../src/logger.js';
import { startFeeder } from '../../src/projections/runner/feeder.js';
import type { Projection } from '../../src/projections/Projection.js';
import type { WakeJobData } from '../../src/projections/runner/queues.js';

// The feeder queues live wake-ups at most once per gap, so the events of a
// burst share a batch; a wake-up during the gap is delayed, never lost.

const projections = [{ name: 'p' }] as unknown as Projection[];
const threeProjections = [{ name: 'p' }, { name: 'q' }, { name: 'r' }] as unknown as Projection[];
const logger = createLogger({ level: 'silent' });

function fakes() {
  let handlers: SubscriptionHandlers | undefined;
  const added: Array<{ name: string; at: number }> = [];
  const eventStore = {
    headPosition: async () => START,
    subscribeToAll: (given: SubscriptionHandlers) => {
      handlers = given;
      return { stop: async () => {} };
    },
  } as unknown as EventStore;
  const pool = {
    query: async () => ({
      rows: [
        {
          projection: 'p',
          commit_position: '0',
          prepare_position: '0',
          events_processed: '0',
          updated_at: new Date(),
          last_error: null,
          last_error_at: null,
        },
      ],
    }),
  } as unknown as Pool;
  const queue = {
    add: async (name: string) => {
      added.push({ name, at: performance.now() });
    },
  } as unknown as Queue<WakeJobData>;
  const newEvents = () => handlers?.onCheckpoint?.(START);
  /** A feeder whose periodic lag check stays out of the way of the test. */
  const start = (minWakeGapMs: number, together = false) =>
    startFeeder({
      together,
      eventStore,
      pool,
      queue,
      projections: together ? threeProjections : projections,
      logger,
      wakeIntervalMs: 60_000,
      minWakeGapMs,
    });
  return { added, newEvents, start };
}

describe('feeder wake-up gap', () => {
  it('queues a burst of new events as one wake-up per gap, the last one after the gap', async () => {
    const { added, newEvents, start } = fakes();
    // Wide enough that the burst below fits in one gap even on a busy machine.
    const feeder = await start(1000);
    try {
      const began = performance.now();
      for (let i = 0; i < 10; i += 1) {
        void newEvents();
        await sleep(10);
      }
      await sleep(1300);
      const live = added.filter((job) => job.at >= began);
      expect(live).toHaveLength(2);
      expect((live[1]?.at ?? 0) - (live[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    } finally {
      await feeder.stop();
    }
  });

  it('queues one job for all projections when they run together', async () => {
    const { added, newEvents, start } = fakes();
    const feeder = await start(0, true);
    try {
      const before = added.length;
      void newEvents();
      await sleep(50);
      expect(added.slice(before).map((job) => job.name)).toEqual(['together']);
    } finally {
      await feeder.stop();
    }
  });

  it('queues every wake-up at once without a gap', async () => {
    const { added, newEvents, start } = fakes();
    const feeder = await start(0);
    try {
      const before = added.length;
      for (let i = 0; i < 5; i += 1) {
        void newEvents();
        await sleep(10);
      }
      expect(added.length - before).toBe(5);
    } finally {
      await feeder.stop();
    }
  });

  it('answers a lag check while events keep arriving', async () => {
    const { added, newEvents, start } = fakes();
    let arriving = true;
    const feeder = await start(100);
    const steadyLoad = (async () => {
      while (arriving) {
        void newEvents();
        await sleep(20);
      }
    })();
    try {
      await sleep(150);
      const answered = await Promise.race([
        feeder.wakeLagging().then(() => 'answered'),
        sleep(1000).then(() => 'still waiting'),
      ]);
      expect(answered).toBe('answered');
      expect(added.length).toBeGreaterThan(1);
    } finally {
      arriving = false;
      await steadyLoad;
      await feeder.stop();
    }
  });

  it('queues a wake-up that arrives after the gap of the one before', async () => {
    const { added, newEvents, start } = fakes();
    const feeder = await start(50);
    try {
      for (let round = 0; round < 10; round += 1) {
        const before = added.length;
        void newEvents();
        await sleep(50 + (round % 5));
        void newEvents();
        await sleep(120);
        expect(added.length - before).toBeGreaterThanOrEqual(2);
      }
    } finally {
      await feeder.stop();
    }
  });
});
