import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { streamNames } from '../../src/events/streams.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { rebuildProjection } from '../../src/projections/rebuild/rebuildProjection.js';
import { agentActivityProjection } from '../../src/readModels/agentActivity/projection.js';
import { addUtcDays, utcDayWindow } from '../../src/readModels/utcCalendar.js';
import { capturingLogger } from '../projections/support/projectionHarness.js';
import { compareWithRawEvents, snapshotTable } from '../projections/support/expectedTables.js';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';

// The stored heatmap through HTTP against the raw log, while its window moves
// with new events and while the clock moves on without any: the answer must
// equal the GROUP BY over the events of the 30 UTC days ending with the
// clock's day, for every clock, with the stored window behind, equal to or
// ahead of the asked one.

const dayMs = 86_400_000;
const first = Date.parse('2026-09-01T00:00:00.000Z');

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const rawHeatmapSql = `
  SELECT (data->>'agentId') AS agent_id,
         extract(dow FROM at)::int AS dow, extract(hour FROM at)::int AS hour, count(*)::int AS count
    FROM (SELECT data, (metadata->>'occurredAt')::timestamptz AT TIME ZONE 'UTC' AS at
            FROM events WHERE tenant_id = $1 AND data->>'agentId' IS NOT NULL) AS e
   WHERE at >= $2::timestamptz AT TIME ZONE 'UTC' AND at < $3::timestamptz AT TIME ZONE 'UTC'
     AND ($4::text IS NULL OR data->>'agentId' = $4)
   GROUP BY 1, 2, 3
   ORDER BY (data->>'agentId')::uuid, 2, 3`;

describe('stored activity heatmap', () => {
  let ctx: QueryTestContext;
  let token: string;
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const agents = [randomUUID(), randomUUID(), randomUUID()];
  const otherAgent = randomUUID();
  const random = prng(7);
  const deps = () => ({
    pool: ctx.db.pool,
    eventStore: ctx.store,
    logger: capturingLogger().logger,
  });

  const tokenAt = (tenant: string, agentId: string, at: number) =>
    ctx.store.appendToStream(streamNames.tokens(tenant, agentId), [
      {
        type: 'TokenIssued',
        data: {
          tenantId: tenant,
          agentId,
          clientId: `agt_${agentId.replaceAll('-', '').slice(0, 20)}`,
          jti: randomUUID(),
          scopes: ['read'],
          expiresAt: new Date(at + 3_600_000).toISOString(),
        },
        metadata: {
          tenantId: tenant,
          occurredAt: new Date(at).toISOString(),
          actor: { type: 'system', id: 'test' },
          correlationId: randomUUID(),
          causationId: null,
        },
      },
    ]);

  // Tokens on days [from, to) at random hours, skipping some days; the edges
  // of the week (Saturday 23:00, Sunday 00:00) get tokens of their own.
  const traffic = async (fromDay: number, toDay: number) => {
    for (let day = fromDay; day < toDay; day += 1) {
      if (random() < 0.2) continue;
      const start = first + day * dayMs;
      for (let n = Math.floor(random() * 4); n >= 0; n -= 1) {
        const agentId = agents[Math.floor(random() * agents.length)] as string;
        await tokenAt(tenantId, agentId, start + Math.floor(random() * dayMs));
      }
      await tokenAt(tenantId, agents[0] as string, start);
      await tokenAt(tenantId, agents[1] as string, start + dayMs - 1);
      if (day % 9 === 0) await tokenAt(otherTenantId, otherAgent, start + 3_600_000);
    }
  };
  // Small batches, so windows move inside a batch and between batches.
  const project = () =>
    runProjection(deps(), agentActivityProjection, {
      target: liveTarget(agentActivityProjection),
      batchSize: 7,
      lockTimeoutMs: 5000,
    });

  const expectRawAnswerAt = async (now: number, agentId?: string) => {
    ctx.clock.set(new Date(now).toISOString());
    const path = `/api/analytics/agents/activity${agentId ? `?agent_id=${agentId}` : ''}`;
    const response = await request(ctx.app.callback())
      .get(path)
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    const { start, end } = utcDayWindow(new Date(now), 30);
    const raw = await ctx.db.pool.query(rawHeatmapSql, [tenantId, start, end, agentId ?? null]);
    expect({ now: new Date(now).toISOString(), body: response.body }).toEqual({
      now: new Date(now).toISOString(),
      body: raw.rows,
    });
    return raw.rows.length;
  };

  beforeAll(async () => {
    ctx = await createQueryTestContext(new Date(first).toISOString());
    token = await ctx.tokenFor(tenantId);
  });
  afterAll(() => ctx.close());

  it('equals the raw log as events move the window and as the clock moves without them', async () => {
    await traffic(0, 40);
    await project();
    const windows = await ctx.db.pool.query<{ window_start: Date }>(
      'SELECT window_start FROM agent_activity_heatmap_windows WHERE tenant_id = $1',
      [tenantId],
    );
    const newest = first + 39 * dayMs;
    expect(windows.rows[0]?.window_start).toEqual(addUtcDays(new Date(newest), -29));
    let nonEmpty = 0;
    // The clock before, on and after the stored window's day: the stored
    // window lags, matches, or is ahead of the asked one.
    for (const days of [-45, -31, -30, -3, -1, 0, 1, 2, 7, 28, 29, 30, 31, 60]) {
      for (const at of [newest + days * dayMs, newest + days * dayMs + dayMs - 1]) {
        if ((await expectRawAnswerAt(at)) > 0) nonEmpty += 1;
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
    await expectRawAnswerAt(newest + 3 * dayMs, agents[1]);
    await expectRawAnswerAt(newest - 5 * dayMs, agents[2]);
  });

  it('stays equal after more traffic, late events and a rebuild', async () => {
    await traffic(40, 75);
    // Late events: older than the tenant's window when they arrive.
    await tokenAt(tenantId, agents[2] as string, first + 3 * dayMs + 5 * 3_600_000);
    await tokenAt(tenantId, agents[2] as string, first + 50 * dayMs + 5 * 3_600_000);
    await project();
    const newest = first + 74 * dayMs;
    for (const days of [-40, -35, -24, -1, 0, 1, 5, 29, 30]) {
      await expectRawAnswerAt(newest + days * dayMs + 12 * 3_600_000);
    }
    await expectRawAnswerAt(newest, agents[0]);

    // Only this projection ran here.
    const tables = ['agent_activity_heatmap', 'agent_activity_heatmap_windows'];
    const comparisons = await compareWithRawEvents(ctx.db.pool);
    for (const table of ['agent_activity_hourly', ...tables]) {
      expect(comparisons.find((c) => c.table === table)).toMatchObject({ table, differences: 0 });
    }
    const live = await Promise.all(tables.map((table) => snapshotTable(ctx.db.pool, table)));
    const buckets = (live[0] ?? [])
      .flatMap((row) => (JSON.parse(row) as { counts: string[] }).counts)
      .filter((count) => count !== '0');
    expect(buckets.length).toBeGreaterThan(20);
    await rebuildProjection(deps(), agentActivityProjection, {
      batchSize: 11,
      lockTimeoutMs: 5000,
    });
    expect(await Promise.all(tables.map((table) => snapshotTable(ctx.db.pool, table)))).toEqual(
      live,
    );
    // The rebuilt table keeps the room its rows are updated in (migration 0022).
    const { rows: storage } = await ctx.db.pool.query<{ options: string[] | null }>(
      `SELECT reloptions AS options FROM pg_class WHERE oid = 'agent_activity_heatmap'::regclass`,
    );
    expect(storage[0]?.options).toEqual(['fillfactor=70']);
    await expectRawAnswerAt(newest + 2 * dayMs);
  });

  it('answers nothing for a tenant without activity, and only the tenant’s own agents', async () => {
    const emptyToken = await ctx.tokenFor(randomUUID());
    const empty = await request(ctx.app.callback())
      .get('/api/analytics/agents/activity')
      .set('Authorization', `Bearer ${emptyToken}`);
    expect(empty.body).toEqual([]);
    const otherToken = await ctx.tokenFor(otherTenantId);
    ctx.clock.set(new Date(first + 74 * dayMs).toISOString());
    const other = await request(ctx.app.callback())
      .get('/api/analytics/agents/activity')
      .set('Authorization', `Bearer ${otherToken}`);
    expect(other.body.map((row: { agent_id: string }) => row.agent_id)).toEqual(
      other.body.map(() => otherAgent),
    );
    expect(other.body.length).toBeGreaterThan(0);
  });
});
