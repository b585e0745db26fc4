import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/app/app.js';
import { healthRouter } from '../../src/http/health.js';
import { createMetricsRegistry, metricsRouter } from '../../src/app/metrics.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { readCheckpoint } from '../../src/projections/runner/checkpoints.js';
import { projectionLagCheck } from '../../src/projections/lag/lagHealthCheck.js';
import { measureLag } from '../../src/projections/lag/measureLag.js';
import { monthlyTokensProjection } from '../../src/readModels/monthlyTokens/projection.js';
import { processNextBatch } from '../../src/projections/runner/processNextBatch.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { compareWithRawEvents, totalEvents } from './support/expectedTables.js';
import {
  capturingLogger,
  startInProcessWorker,
  testConfig,
  testStore,
} from './support/projectionHarness.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { createWorkload } from './support/workload.js';
import { insertPoisonTokenIssued } from './support/poisonEvent.js';
import { streamNames } from '../../src/events/streams.js';

describe('projections through the real store, BullMQ and Postgres', () => {
  let db: TestDatabase;
  const store = () => testStore(db);
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 20 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('projects thousands of events exactly once with two workers racing', async () => {
    const { logger } = capturingLogger();
    const config = testConfig(db);
    const eventStore = store();
    const workers = [
      await startInProcessWorker(db, config, logger),
      await startInProcessWorker(db, config, logger),
    ];
    try {
      const workload = createWorkload(eventStore, 7);
      await workload.append(2000);
      await workload.append(2000, { concurrency: 12 });
      await waitFor('projections to catch up', () => allCaughtUp(db.pool, eventStore), 40000);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await eventStore.close();
    }
    const comparisons = await compareWithRawEvents(db.pool);
    for (const comparison of comparisons) {
      expect(comparison).toMatchObject({ differences: 0 });
      expect(comparison.actualRows).toBeGreaterThan(0);
    }
    const total = await totalEvents(db.pool);
    expect(total).toBe(4000);
    // Each batch adds its size to events_processed when its compare-and-set
    // wins; a batch applied twice would show here.
    for (const projection of allProjections) {
      expect((await readCheckpoint(db.pool, projection.name)).eventsProcessed).toBe(total);
    }
  }, 60000);

  it('lets exactly one of two concurrent batches from one checkpoint write', async () => {
    const eventStore = store();
    const { logger } = capturingLogger();
    const before = await db.pool.query<{ n: string }>(
      'SELECT coalesce(sum(token_count), 0)::text AS n FROM agent_monthly_tokens',
    );
    await createWorkload(eventStore, 11).append(300);
    // Both batches must see all 300: the store shows only the settled prefix
    // of the log, which a transaction elsewhere on the server may hold back.
    const from = (await readCheckpoint(db.pool, monthlyTokensProjection.name)).position;
    await waitFor(
      'the appended events to settle',
      async () => (await eventStore.readAll({ from, maxCount: 10000 })).length >= 300,
    );
    const deps = { pool: db.pool, eventStore, logger };
    const options = {
      target: liveTarget(monthlyTokensProjection),
      batchSize: 10000,
      lockTimeoutMs: 5000,
    };
    const outcomes = await Promise.all([
      processNextBatch(deps, monthlyTokensProjection, options),
      processNextBatch(deps, monthlyTokensProjection, options),
    ]);
    await eventStore.close();
    expect(outcomes.map((o) => o.moved).sort()).toEqual([false, true]);
    const after = await db.pool.query<{ n: string }>(
      'SELECT sum(token_count)::text AS n FROM agent_monthly_tokens',
    );
    const added = Number(after.rows[0]?.n) - Number(before.rows[0]?.n);
    const expected = await compareWithRawEvents(db.pool);
    expect(expected.find((c) => c.table === 'agent_monthly_tokens')?.differences).toBe(0);
    expect(added).toBeGreaterThan(0);
  });

  it('parks an event whose tenant id is in upper case instead of failing every batch after it', async () => {
    const eventStore = store();
    const tenantId = randomUUID();
    const agentId = randomUUID();
    const upper = tenantId.toUpperCase();
    const metadata = (tenant: string) => ({
      tenantId: tenant,
      occurredAt: new Date().toISOString(),
      actor: { type: 'cli' as const, id: 'ops' },
      correlationId: randomUUID(),
      causationId: null,
    });
    const clientId = 'agt_0123456789abcdef0123';
    await eventStore.appendToStream(streamNames.agent(upper, agentId), [
      {
        type: 'AgentRegistered',
        data: {
          tenantId: upper,
          agentId,
          clientId,
          name: 'Shouted',
          description: null,
          scopes: [],
        },
        metadata: metadata(upper),
      },
    ]);
    const [registered] = await eventStore.readStream(streamNames.agent(upper, agentId));
    await eventStore.appendToStream(streamNames.tokens(tenantId, agentId), [
      {
        type: 'TokenIssued',
        data: {
          tenantId,
          agentId,
          clientId,
          jti: randomUUID(),
          scopes: [],
          expiresAt: '2030-01-01T00:00:00.000Z',
        },
        metadata: metadata(tenantId),
      },
    ]);
    const worker = await startInProcessWorker(db, testConfig(db), capturingLogger().logger);
    try {
      await waitFor('projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);
    } finally {
      await worker.close();
    }
    const parked = await db.pool.query<{ projection: string; error: string }>(
      'SELECT projection, error FROM parked_events WHERE event_id = $1',
      [registered?.id],
    );
    expect(parked.rows.map((row) => row.projection)).toEqual(
      expect.arrayContaining(['agentActivity', 'agents']),
    );
    expect(parked.rows[0]?.error).toMatch(/lower case/);
  });

  it('parks a poison event, goes on, and reports it in health and metrics', async () => {
    const { logger, records } = capturingLogger();
    const eventStore = store();
    const tenantId = randomUUID();
    const poisonId = await insertPoisonTokenIssued(db.pool, tenantId);
    const worker = await startInProcessWorker(db, testConfig(db), logger);
    try {
      await createWorkload(eventStore, 13).append(200);
      await waitFor('projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);
    } finally {
      await worker.close();
    }
    const parked = await db.pool.query<{ projection: string; error: string }>(
      'SELECT projection, error FROM parked_events WHERE event_id = $1 ORDER BY projection',
      [poisonId],
    );
    expect(parked.rows.map((r) => r.projection)).toEqual([
      'agentActivity',
      'agentAnomalies',
      'agentTokenHours',
      'dailyMetrics',
      'monthlyTokens',
      'quotaThresholds',
      'scopeUsage',
    ]);
    expect(parked.rows[0]?.error).toMatch(/agentId/);
    expect(records.some((r) => r.msg === 'poison event parked' && r.eventId === poisonId)).toBe(
      true,
    );
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }

    const measure = () =>
      measureLag(
        { pool: db.pool, eventStore },
        allProjections.map((p) => p.name),
        { now: new Date() },
      );
    const app = createApp({
      logger,
      routers: [
        healthRouter([projectionLagCheck(measure)]),
        metricsRouter(
          createMetricsRegistry({ measureProjectionLag: measure, defaultMetrics: false }),
        ),
      ],
    });
    const health = await request(app.callback()).get('/health/ready');
    expect(health.status).toBe(200);
    expect(health.body.checks.projections.details.monthlyTokens).toMatchObject({
      eventsBehind: 0,
      secondsBehind: 0,
      parkedEvents: 1,
    });
    const metrics = await request(app.callback()).get('/metrics');
    expect(metrics.text).toContain('projection_parked_events{projection="monthlyTokens"} 1');
    expect(metrics.text).toContain('projection_events_behind{projection="agents"} 0');

    // Lag appears once events wait. Not necessarily at once: the store shows
    // only the settled prefix of the log, which a transaction elsewhere on the
    // server (another test file) may hold back for a moment.
    await createWorkload(eventStore, 17).append(20);
    let lagging = '';
    await waitFor('20 events behind in the metrics', async () => {
      lagging = (await request(app.callback()).get('/metrics')).text;
      return /projection_events_behind\{projection="dailyMetrics"\} 20\b/.test(lagging);
    });
    expect(lagging).toMatch(/projection_events_behind\{projection="dailyMetrics"\} 20\b/);
    await eventStore.close();
  }, 60000);
});
