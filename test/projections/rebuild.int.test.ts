import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { withTransaction } from '../../src/db/pool.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import { createRebuildQueue } from '../../src/projections/runner/queues.js';
import { withTenantScope } from '../../src/queries/tenantScope.js';
import {
  rebuildProjection,
  type RebuildProgress,
} from '../../src/projections/rebuild/rebuildProjection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { compareWithRawEvents, readTables, snapshotTable } from './support/expectedTables.js';
import {
  capturingLogger,
  startInProcessWorker,
  testConfig,
  testStore,
} from './support/projectionHarness.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { createWorkload } from './support/workload.js';

describe('rebuilding projections from history', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 20 });
  });
  afterAll(async () => {
    await db.drop();
  });

  const snapshot = (table: string) => snapshotTable(db.pool, table);

  /** What the query API does: a tenant-scoped read as analytics_reader, under row-level security. */
  async function tenantTotals(tenantIds: readonly string[]): Promise<number[]> {
    const totals: number[] = [];
    for (const tenantId of tenantIds) {
      const row = await withTenantScope(db.pool, tenantId, async (client) => {
        const result = await client.query<{ a: string; h: string; m: string; g: string }>(
          `SELECT (SELECT coalesce(sum(count), 0) FROM analytics_events)::text AS a,
                  (SELECT coalesce(sum(count), 0) FROM agent_activity_hourly)::text AS h,
                  (SELECT coalesce(sum(token_count), 0) FROM agent_monthly_tokens)::text AS m,
                  (SELECT count(*) FROM agents)::text AS g`,
        );
        return result.rows[0] as { a: string; h: string; m: string; g: string };
      });
      totals.push(Number(row.a), Number(row.h), Number(row.m), Number(row.g));
    }
    return totals;
  }

  it('rebuilds identical tables while queries keep answering and never drop', async () => {
    const { logger } = capturingLogger();
    const config = testConfig(db, { PROJECTION_BATCH_SIZE: '200' });
    const eventStore = testStore(db);
    const worker = await startInProcessWorker(db, config, logger);
    const workload = createWorkload(eventStore, 31);
    await workload.append(3000, { concurrency: 10 });
    await waitFor('live projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);
    const live = await Promise.all(readTables.map(snapshot));
    const tenants = (
      await db.pool.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM events')
    ).rows.map((r) => r.tenant_id);
    expect(tenants).toHaveLength(3);

    // A reader loop runs for the whole rebuild: every read must succeed and
    // no total may ever go down (appends only ever add).
    let reading = true;
    let reads = 0;
    const failures: string[] = [];
    const readerLoop = (async () => {
      let previous = await tenantTotals(tenants);
      expect(previous.every((total) => total > 0)).toBe(true);
      while (reading) {
        try {
          const current = await tenantTotals(tenants);
          current.forEach((total, i) => {
            if (total < (previous[i] as number))
              failures.push(`total ${i}: ${previous[i]} -> ${total}`);
          });
          previous = current;
          reads += 1;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    })();

    // First, with no new events: the rebuilt tables equal the live ones row for row.
    const deps = { pool: db.pool, eventStore, logger };
    const progress: RebuildProgress[] = [];
    for (const projection of allProjections) {
      await rebuildProjection(deps, projection, {
        batchSize: 500,
        lockTimeoutMs: 5000,
        onProgress: (p) => progress.push(p),
      });
    }
    expect(await Promise.all(readTables.map(snapshot))).toEqual(live);
    const finished = progress.filter((p) => p.phase === 'done');
    expect(finished.map((p) => p.done)).toEqual(allProjections.map(() => 3000));

    // Then as a BullMQ job with progress, while appends continue: the
    // rebuilt table catches up with the live projection before the swap.
    const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    const settings = { connection, prefix: config.PROJECTION_QUEUE_PREFIX };
    const queue = createRebuildQueue(settings);
    const eventsConnection = connection.duplicate();
    const events = new QueueEvents(queue.name, {
      connection: eventsConnection,
      prefix: settings.prefix,
    });
    const reported: unknown[] = [];
    events.on('progress', ({ data }) => reported.push(data));
    await events.waitUntilReady();
    const appending = workload.append(1500, { concurrency: 4 });
    const job = await queue.add('rebuild', { projection: 'dailyMetrics' });
    const result = (await job.waitUntilFinished(events, 40000)) as RebuildProgress;
    await appending;
    expect(result.phase).toBe('done');
    expect(result.done).toBeGreaterThanOrEqual(3000);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.at(-1)).toMatchObject({ projection: 'dailyMetrics', phase: 'done' });
    await waitFor('live projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);

    reading = false;
    await readerLoop;
    await Promise.all([events.close(), queue.close()]);
    connection.disconnect();
    eventsConnection.disconnect();
    await worker.close();
    await eventStore.close();
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(5);
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }

    // The swapped-in tables are protected like the originals, and no shadow is left.
    const policies = await db.pool.query<{ tablename: string }>(
      `SELECT tablename FROM pg_policies WHERE policyname = 'tenant_isolation' ORDER BY 1`,
    );
    expect(policies.rows.map((r) => r.tablename)).toEqual(
      [
        ...readTables,
        'read_model_versions',
        'webhook_alerts',
        'webhook_deliveries',
        'webhook_endpoints',
      ].sort(),
    );
    const leftovers = await db.pool.query(
      `SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_rebuild' OR relname LIKE '%\\_\\_retired'`,
    );
    expect(leftovers.rows).toEqual([]);
    const unscoped = await withTransaction(db.pool, async (client) => {
      await client.query('SET LOCAL ROLE analytics_reader');
      return (await client.query('SELECT count(*)::int AS n FROM analytics_events')).rows[0];
    });
    expect(unscoped).toEqual({ n: 0 });
  }, 90000);
});
