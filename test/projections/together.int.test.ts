import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Pool, PoolClient } from '../../src/db/pool.js';
import { streamNames } from '../../src/events/streams.js';
import type { Projection } from '../../src/projections/Projection.js';
import { readCheckpoints } from '../../src/projections/runner/checkpoints.js';
import { startFeeder } from '../../src/projections/runner/feeder.js';
import { startProjectionWorker } from '../../src/projections/runner/projectionWorker.js';
import { createProjectionQueue } from '../../src/projections/runner/queues.js';
import { runTogether } from '../../src/projections/runner/runTogether.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import { monthlyTokensProjection } from '../../src/readModels/monthlyTokens/projection.js';
import { comparePositions } from '../../src/eventstore/EventStore.js';
import {
  createTestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type TestDatabase,
} from '../support/testDatabase.js';
import { waitFor } from '../support/waitFor.js';
import { createRedis } from '../../src/redis.js';
import { compareWithRawEvents } from './support/expectedTables.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';
import { createWorkload } from './support/workload.js';

/** A pool whose transactions and statements are counted. */
function countingPool(pool: Pool): {
  pool: Pool;
  counts: { transactions: number; statements: number };
} {
  const counts = { transactions: 0, statements: 0 };
  const count = (text: unknown) => {
    counts.statements += 1;
    if (text === 'BEGIN') counts.transactions += 1;
  };
  const counting = Object.create(pool) as Pool;
  counting.query = ((...args: Parameters<Pool['query']>) => {
    count(args[0]);
    return (pool.query as (...a: unknown[]) => unknown)(...args);
  }) as Pool['query'];
  counting.connect = (async () => {
    const client = await pool.connect();
    const wrapped = Object.create(client) as PoolClient;
    wrapped.query = ((...args: Parameters<PoolClient['query']>) => {
      count(args[0]);
      return (client.query as (...a: unknown[]) => unknown).apply(client, args);
    }) as PoolClient['query'];
    wrapped.release = (error?: Error | boolean) => client.release(error);
    return wrapped;
  }) as Pool['connect'];
  return { pool: counting, counts };
}

async function atHead(db: TestDatabase, names: readonly string[]): Promise<boolean> {
  const store = testStore(db);
  try {
    const head = await store.headPosition();
    const checkpoints = await readCheckpoints(db.pool, names);
    return checkpoints.every((c) => comparePositions(c.position, head) === 0);
  } finally {
    await store.close();
  }
}

function tokenIssued(tenantId: string, agentId: string) {
  return {
    type: 'TokenIssued',
    data: {
      tenantId,
      agentId,
      clientId: `agt_${agentId.replace(/-/g, '').slice(0, 24)}`,
      jti: randomUUID(),
      scopes: ['read'],
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    metadata: {
      tenantId,
      occurredAt: '2026-02-01T10:00:00.000Z',
      actor: { type: 'system' as const, id: 'x' },
      correlationId: 'c',
      causationId: null,
    },
  };
}

describe('live projections running together', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 10 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies a wake-up for every projection in one transaction and moves every checkpoint', async () => {
    const store = testStore(db);
    await createWorkload(store, 5).append(400, { concurrency: 4 });
    const { pool, counts } = countingPool(db.pool);
    const { logger } = capturingLogger();
    const handedOff: string[] = [];
    const run = () =>
      runTogether(
        { pool, eventStore: store, logger },
        {
          projections: allProjections,
          batchSize: 1000,
          lockTimeoutMs: 5000,
          handOff: async (names) => {
            handedOff.push(...names);
          },
        },
      );

    expect(await run()).toBe(400);
    expect(counts.transactions).toBe(1);
    expect(handedOff).toEqual([]);
    expect(
      await atHead(
        db,
        allProjections.map((p) => p.name),
      ),
    ).toBe(true);
    const versions = await db.pool.query<{ projection: string }>(
      'SELECT DISTINCT projection FROM read_model_versions ORDER BY 1',
    );
    expect(versions.rows.map((row) => row.projection)).toEqual(
      allProjections.map((p) => p.name).sort(),
    );

    // The next wake-up: one transaction again, from the same checkpoints.
    await createWorkload(store, 6).append(50);
    const before = { ...counts };
    expect(await run()).toBe(50);
    expect(counts.transactions - before.transactions).toBe(1);
    // One per projection would be 10 transactions of about ten statements each.
    expect(counts.statements - before.statements).toBeLessThan(40);
    expect(
      await atHead(
        db,
        allProjections.map((p) => p.name),
      ),
    ).toBe(true);
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }
    await store.close();
  });

  it('skips a projection whose checkpoint another worker moved meanwhile, and commits the others', async () => {
    const store = testStore(db);
    const { logger } = capturingLogger();
    const names = allProjections.map((p) => p.name);
    // Start from a caught-up state, then add events only this run will see.
    await runTogether(
      { pool: db.pool, eventStore: store, logger },
      {
        projections: allProjections,
        batchSize: 1000,
        lockTimeoutMs: 5000,
        handOff: async () => {},
      },
    );
    await createWorkload(store, 11).append(40);
    const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    const raced = 'monthlyTokens';
    const tokensBefore = await db.pool.query('SELECT * FROM agent_monthly_tokens ORDER BY 1, 2, 3');
    // Between this run's read and its transaction another worker applies the
    // same events to monthlyTokens (here: only its checkpoint moves).
    const racing = Object.create(store) as typeof store;
    racing.readAll = async (options) => {
      const events = await store.readAll(options);
      await db.pool.query(
        `UPDATE projection_checkpoints SET commit_position = $2, prepare_position = $3
          WHERE projection = $1`,
        [raced, newest?.position.commit.toString(), newest?.position.prepare.toString()],
      );
      return events;
    };
    await runTogether(
      { pool: db.pool, eventStore: racing, logger },
      {
        projections: allProjections,
        batchSize: 1000,
        lockTimeoutMs: 5000,
        handOff: async () => {},
      },
    );
    expect(await atHead(db, names)).toBe(true);
    const tokensAfter = await db.pool.query('SELECT * FROM agent_monthly_tokens ORDER BY 1, 2, 3');
    expect(tokensAfter.rows).toEqual(tokensBefore.rows);
    // Every other projection took the events: their tables equal the raw log.
    const comparisons = await compareWithRawEvents(db.pool);
    const racedTables = ['agent_monthly_tokens', 'agent_token_month_edges'];
    for (const comparison of comparisons.filter((c) => !racedTables.includes(c.table))) {
      expect(comparison).toMatchObject({ differences: 0 });
    }
    // Put monthlyTokens back in step with the log for the tests after this one.
    await db.pool.query('TRUNCATE agent_monthly_tokens, agent_token_month_edges');
    await db.pool.query(
      `UPDATE projection_checkpoints SET commit_position = -1, prepare_position = -1
        WHERE projection = $1`,
      [raced],
    );
    await runProjection(
      { pool: db.pool, eventStore: store, logger },
      allProjections.find((p) => p.name === raced) as Projection,
      {
        target: liveTarget(allProjections.find((p) => p.name === raced) as Projection),
        batchSize: 1000,
        lockTimeoutMs: 5000,
      },
    );
    await store.close();
  });

  it('hands a projection behind the group to its own path, and takes it back once caught up', async () => {
    const store = testStore(db);
    await createWorkload(store, 7).append(30);
    const { logger } = capturingLogger();
    const behind = allProjections[0] as Projection;
    // A projection many pages behind (new, say): every other one is at the head.
    for (const table of [behind.table, ...(behind.companionTables ?? [])]) {
      await db.pool.query(`TRUNCATE ${table}`);
    }
    await db.pool.query(
      `UPDATE projection_checkpoints SET commit_position = -1, prepare_position = -1
        WHERE projection = $1`,
      [behind.name],
    );
    const handedOff: string[] = [];
    const { pool, counts } = countingPool(db.pool);
    await createWorkload(store, 8).append(20);
    await runTogether(
      { pool, eventStore: store, logger },
      {
        projections: allProjections,
        batchSize: 25,
        lockTimeoutMs: 5000,
        handOff: async (names) => {
          handedOff.push(...names);
        },
      },
    );
    expect([...new Set(handedOff)]).toEqual([behind.name]);
    // The others were 50 events behind the head: two pages of 25, one transaction each.
    expect(counts.transactions).toBe(2);
    const others = allProjections.slice(1).map((p) => p.name);
    expect(await atHead(db, others)).toBe(true);
    expect(await atHead(db, [behind.name])).toBe(false);

    // Its own path catches it up; the next wake-up takes it back into the group.
    await runProjection({ pool: db.pool, eventStore: store, logger }, behind, {
      target: liveTarget(behind),
      batchSize: 25,
      lockTimeoutMs: 5000,
    });
    await createWorkload(store, 10).append(10);
    handedOff.length = 0;
    const before = counts.transactions;
    await runTogether(
      { pool, eventStore: store, logger },
      {
        projections: allProjections,
        batchSize: 25,
        lockTimeoutMs: 5000,
        handOff: async (names) => {
          handedOff.push(...names);
        },
      },
    );
    expect(handedOff).toEqual([]);
    expect(counts.transactions - before).toBe(1);
    expect(
      await atHead(
        db,
        allProjections.map((p) => p.name),
      ),
    ).toBe(true);
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }
    await store.close();
  });

  it('parks a failing event for its projection only, and two workers never apply a batch twice', async () => {
    await db.pool.query('TRUNCATE projection_checkpoints, parked_events, read_model_versions');
    for (const table of allProjections.flatMap((p) => [p.table, ...(p.companionTables ?? [])])) {
      await db.pool.query(`TRUNCATE ${table}`);
    }
    const store = testStore(db);
    const refused = randomUUID();
    // This tenant's tokens break monthlyTokens' write every time, as a row a
    // check constraint refuses would; the other projections take them.
    const refusing: Projection = {
      ...monthlyTokensProjection,
      async apply(client, table, events) {
        if (events.some((event) => event.tenantId === refused)) {
          throw Object.assign(new Error('refused by a check constraint'), { code: '23514' });
        }
        await monthlyTokensProjection.apply(client, table, events);
      },
    };
    const projections = allProjections.map((p) => (p.name === refusing.name ? refusing : p));
    const { logger, records } = capturingLogger();
    const deps = { pool: db.pool, eventStore: store, logger };
    const connection = createRedis(testRedisUrl(), { forBullmq: true });
    const settings = { connection, prefix: uniqueRedisPrefix('together') };
    const options = {
      ...settings,
      projections,
      batchSize: 100,
      lockTimeoutMs: 5000,
      jobLockMs: 5000,
    };
    const workers = [startProjectionWorker(deps, options), startProjectionWorker(deps, options)];
    const queue = createProjectionQueue(settings);
    const feeder = await startFeeder({
      ...deps,
      queue,
      projections,
      wakeIntervalMs: 300,
      minWakeGapMs: 20,
      together: true,
    });
    try {
      const workload = createWorkload(store, 9);
      await workload.append(300, { concurrency: 4 });
      const refusedAgent = randomUUID();
      await store.appendToStream(streamNames.tokens(refused, refusedAgent), [
        tokenIssued(refused, refusedAgent),
      ]);
      await workload.append(300, { concurrency: 4 });
      await waitFor(
        'every projection at the head',
        () =>
          atHead(
            db,
            projections.map((p) => p.name),
          ),
        60000,
      );
    } finally {
      await feeder.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
      connection.disconnect();
    }
    const parked = await db.pool.query<{ projection: string }>(
      'SELECT projection FROM parked_events',
    );
    expect(parked.rows).toEqual([{ projection: 'monthlyTokens' }]);
    const others = await db.pool.query('SELECT 1 FROM agent_token_hours WHERE tenant_id = $1', [
      refused,
    ]);
    expect(others.rowCount).toBeGreaterThan(0);
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }
    // The shared path did the live work: the per-projection one only took over after the failure.
    expect(
      records.some(
        (r) => r.msg === 'shared projection batch failed; each projection goes on alone',
      ),
    ).toBe(true);
    await store.close();
  });
});
