import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { readCheckpoint } from '../../src/projections/runner/checkpoints.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import {
  createTestDatabase,
  uniqueRedisPrefix,
  type TestDatabase,
} from '../support/testDatabase.js';
import { freePort, spawnRedis, spawnWorker, stop, type Child } from './support/childWorker.js';
import { compareWithRawEvents, totalEvents } from './support/expectedTables.js';
import { testStore } from './support/projectionHarness.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { createWorkload } from './support/workload.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

describe('projection workers under faults', () => {
  let db: TestDatabase;
  let redisPort: number;
  let redis: Child;
  const workers: Child[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 10 });
    redisPort = await freePort();
    redis = spawnRedis(redisPort);
    await waitFor(
      'own redis to start',
      () => redisAnswers(`redis://127.0.0.1:${redisPort}`),
      10000,
    );
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => stop(worker, 'SIGKILL')));
    await stop(redis, 'SIGKILL');
    await db.drop();
  });

  it('ends with exact tables after SIGKILLed workers and a Redis restart', async () => {
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('faults'),
      PROJECTION_BATCH_SIZE: '100',
      PROJECTION_WAKE_INTERVAL_MS: '300',
      PROJECTION_JOB_LOCK_MS: '2000',
      DATABASE_POOL_SIZE: '5',
      LOG_LEVEL: 'info',
    };
    const slots: Child[] = [spawnWorker(env), spawnWorker(env)];
    workers.push(...slots);
    const eventStore = testStore(db);
    const workload = createWorkload(eventStore, 23);
    let appending = true;
    const appends = (async () => {
      for (let round = 0; round < 8; round += 1) await workload.append(250, { concurrency: 4 });
      appending = false;
    })();

    let kills = 0;
    let redisRestarted = false;
    const chaosUntil = Date.now() + 10000;
    while (Date.now() < chaosUntil || appending) {
      await sleep(700 + Math.random() * 1300);
      if (!redisRestarted && Date.now() > chaosUntil - 6000) {
        await stop(redis, 'SIGKILL');
        await sleep(800);
        redis = spawnRedis(redisPort);
        redisRestarted = true;
        continue;
      }
      const slot = Math.floor(Math.random() * slots.length);
      await stop(slots[slot] as Child, 'SIGKILL');
      kills += 1;
      const replacement = spawnWorker(env);
      slots[slot] = replacement;
      workers.push(replacement);
    }
    await appends;
    await eventStore.close();
    expect(kills).toBeGreaterThan(3);
    expect(redisRestarted).toBe(true);

    const reader = testStore(db);
    try {
      await waitFor(
        'projections to recover and catch up',
        () => allCaughtUp(db.pool, reader),
        45000,
        250,
      );
    } finally {
      await reader.close();
    }
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }
    const total = await totalEvents(db.pool);
    expect(total).toBe(2000);
    for (const projection of allProjections) {
      expect((await readCheckpoint(db.pool, projection.name)).eventsProcessed).toBe(total);
    }

    // SIGTERM is a graceful stop: both remaining workers, once started, exit
    // cleanly. (One signalled while Node itself is still loading exits by the
    // signal's default action, with nothing yet to clean up.)
    await waitFor(
      'the last workers to finish starting',
      () => slots.every((worker) => worker.output.join('').includes('projection worker started')),
      30000,
    );
    const codes = await Promise.all(slots.map((worker) => stop(worker, 'SIGTERM')));
    const outputs = slots.map((worker) => worker.output.join('').slice(-3000));
    expect({ codes, outputs }).toEqual({ codes: [0, 0], outputs });
  }, 90000);
  it('stops cleanly on SIGTERM even while its Redis is gone', async () => {
    const port = await freePort();
    const ownRedis = spawnRedis(port);
    await waitFor(
      'a second redis to start',
      () => redisAnswers(`redis://127.0.0.1:${port}`),
      10000,
    );
    const worker = spawnWorker({
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('faults-stop'),
      LOG_LEVEL: 'info',
    });
    workers.push(worker);
    await waitFor(
      'the worker to start',
      () => worker.output.join('').includes('projection worker started'),
      30000,
    );
    await stop(ownRedis, 'SIGKILL');
    await sleep(500);
    const started = Date.now();
    const code = await stop(worker, 'SIGTERM');
    expect({ code, output: code === 0 ? '' : worker.output.join('').slice(-3000) }).toEqual({
      code: 0,
      output: '',
    });
    expect(Date.now() - started).toBeLessThan(15000);
  }, 60000);
});
