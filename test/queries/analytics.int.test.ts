import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';
import {
  insertAgent,
  insertDailyMetric,
  insertHourlyActivity,
  insertMonthlyTokens,
} from './support/readModelRows.js';

const now = '2026-03-15T10:30:00.000Z';
const tenantId = randomUUID();
const emptyTenantId = randomUUID();

describe('analytics endpoints', () => {
  let ctx: QueryTestContext;
  let token: string;
  const get = (path: string, bearer = token) =>
    request(ctx.app.callback()).get(path).set('Authorization', `Bearer ${bearer}`);

  beforeAll(async () => {
    ctx = await createQueryTestContext(now);
    token = await ctx.tokenFor(tenantId);
  });
  afterAll(() => ctx.close());

  describe('GET /api/analytics/tokens', () => {
    beforeAll(async () => {
      const rows: [string, string, number][] = [
        ['2026-03-15', 'token_issued', 7],
        ['2026-03-14', 'token_issued', 3],
        ['2026-02-14', 'token_issued', 2], // first day of a 30-day window ending 03-15
        ['2026-02-13', 'token_issued', 100], // one day before it
        ['2026-03-16', 'token_issued', 50], // tomorrow: never in a window ending today
        ['2026-03-15', 'admin_token_issued', 40], // admin sign-ins are not agent tokens
        ['2026-03-15', 'agent_registered', 5],
      ];
      for (const [date, metric, count] of rows) {
        await insertDailyMetric(ctx.db.pool, { tenantId, date, metric, count });
      }
    });

    it('Successful token trend retrieval', async () => {
      const response = await get('/api/analytics/tokens?days=30');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.headers['cache-control']).toBe('no-store');
      const trend = response.body as { date: string; count: number }[];
      expect(trend).toHaveLength(30);
      expect(trend[0]).toEqual({ date: '2026-02-14', count: 2 });
      expect(trend.at(-1)).toEqual({ date: '2026-03-15', count: 7 });
      expect(trend.at(-2)).toEqual({ date: '2026-03-14', count: 3 });
      const dates = trend.map((entry) => entry.date);
      expect(dates).toEqual([...dates].sort());
      expect(new Set(dates).size).toBe(30);
      expect(trend.reduce((sum, entry) => sum + entry.count, 0)).toBe(12);
      expect(trend.filter((entry) => entry.count === 0)).toHaveLength(27);
    });

    it('defaults to 30 days when days is missing', async () => {
      const response = await get('/api/analytics/tokens');
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(30);
      expect(response.body[0]).toEqual({ date: '2026-02-14', count: 2 });
    });

    it('Date range exceeding maximum is rejected', async () => {
      const response = await get('/api/analytics/tokens?days=91');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.detail).toMatch(/maximum is 90 days/);
      expect(response.body.errors).toEqual([{ field: 'days', message: 'the maximum is 90 days' }]);
    });

    it.each(['0', '-1', '1.5', 'abc', '', '1e1', '0x10', '9999999999999999999999'])(
      'rejects days=%s naming the parameter once',
      async (days) => {
        const response = await get(`/api/analytics/tokens?days=${encodeURIComponent(days)}`);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        const fields = response.body.errors.map((e: { field: string }) => e.field);
        expect(fields).toEqual(['days']);
      },
    );

    it('rejects a repeated days parameter', async () => {
      const response = await get('/api/analytics/tokens?days=3&days=4');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('days');
    });

    it('accepts days=1: today only', async () => {
      const response = await get('/api/analytics/tokens?days=1');
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ date: '2026-03-15', count: 7 }]);
    });

    it('accepts days=90: 90 days ending today', async () => {
      const response = await get('/api/analytics/tokens?days=90');
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(90);
      expect(response.body[0].date).toBe('2025-12-16');
      expect(response.body.at(-1)).toEqual({ date: '2026-03-15', count: 7 });
      expect(response.body.find((e: { date: string }) => e.date === '2026-02-13').count).toBe(100);
    });

    it('rejects an unknown parameter, naming it', async () => {
      const response = await get('/api/analytics/tokens?days=7&tenant_id=' + randomUUID());
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'tenant_id', message: 'is not a known parameter' },
      ]);
    });

    it('moves the window at UTC midnight, not before', async () => {
      try {
        ctx.clock.set('2026-03-15T23:59:59.999Z');
        const before = await get('/api/analytics/tokens?days=2');
        expect(before.body).toEqual([
          { date: '2026-03-14', count: 3 },
          { date: '2026-03-15', count: 7 },
        ]);
        ctx.clock.set('2026-03-16T00:00:00.000Z');
        const after = await get('/api/analytics/tokens?days=2');
        expect(after.body).toEqual([
          { date: '2026-03-15', count: 7 },
          { date: '2026-03-16', count: 50 },
        ]);
      } finally {
        ctx.clock.set(now);
      }
    });

    it('answers zeros for an empty tenant', async () => {
      const response = await get('/api/analytics/tokens?days=5', await ctx.tokenFor(emptyTenantId));
      expect(response.status).toBe(200);
      expect(response.body.map((e: { count: number }) => e.count)).toEqual([0, 0, 0, 0, 0]);
    });
  });

  describe('GET /api/analytics/agents/activity', () => {
    const alpha = randomUUID();
    const beta = randomUUID();

    beforeAll(async () => {
      const rows: [string, string, number][] = [
        // 2026-03-15 is a Sunday, 2026-03-14 a Saturday.
        [alpha, '2026-03-15T10:00:00Z', 4],
        [alpha, '2026-03-08T10:00:00Z', 6], // also Sunday 10h: summed with the line above
        [alpha, '2026-03-14T23:00:00Z', 1],
        [beta, '2026-02-14T00:00:00Z', 9], // Saturday, first hour of the 30-day window
        [beta, '2026-02-13T23:00:00Z', 500], // the last hour before it
      ];
      for (const [agentId, hour, count] of rows) {
        await insertHourlyActivity(ctx.db.pool, { tenantId, agentId, hour, count });
      }
    });

    it('Successful activity heatmap retrieval', async () => {
      const response = await get('/api/analytics/agents/activity');
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const expected = [
        { agent_id: alpha, dow: 0, hour: 10, count: 10 },
        { agent_id: alpha, dow: 6, hour: 23, count: 1 },
        { agent_id: beta, dow: 6, hour: 0, count: 9 },
      ].sort((a, b) => a.agent_id.localeCompare(b.agent_id));
      expect(response.body).toEqual(expected);
    });

    it('filters by agent_id', async () => {
      const response = await get(`/api/analytics/agents/activity?agent_id=${beta}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ agent_id: beta, dow: 6, hour: 0, count: 9 }]);
    });

    it('rejects a malformed agent_id, naming it', async () => {
      const response = await get('/api/analytics/agents/activity?agent_id=nope');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('agent_id');
    });

    it('Tenant with no agents returns empty array', async () => {
      const response = await get(
        '/api/analytics/agents/activity',
        await ctx.tokenFor(emptyTenantId),
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual([]);
    });
  });

  describe('GET /api/analytics/agents', () => {
    const usageTenant = randomUUID();
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      for (const name of ['Zeta', 'Alpha', 'Mid', 'Idle', 'Retired']) {
        ids[name] = await insertAgent(ctx.db.pool, {
          tenantId: usageTenant,
          name,
          status: name === 'Retired' ? 'deactivated' : 'active',
        });
      }
      const rows: [string, string, number][] = [
        ['Zeta', '2026-03-01', 5],
        ['Alpha', '2026-03-01', 5], // ties with Zeta: name decides
        ['Mid', '2026-03-01', 2],
        ['Retired', '2026-03-01', 9], // deactivated this month, still billed
        ['Idle', '2026-02-01', 1000], // last month only
        ['Mid', '2026-04-01', 1000], // next month
      ];
      for (const [name, month, count] of rows) {
        await insertMonthlyTokens(ctx.db.pool, {
          tenantId: usageTenant,
          agentId: ids[name] as string,
          month,
          count,
        });
      }
    });

    it('Successful per-agent summary', async () => {
      const response = await get('/api/analytics/agents', await ctx.tokenFor(usageTenant));
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual([
        { agent_id: ids.Retired, name: 'Retired', token_count: 9 },
        { agent_id: ids.Alpha, name: 'Alpha', token_count: 5 },
        { agent_id: ids.Zeta, name: 'Zeta', token_count: 5 },
        { agent_id: ids.Mid, name: 'Mid', token_count: 2 },
        { agent_id: ids.Idle, name: 'Idle', token_count: 0 },
      ]);
    });

    it('switches to the new month at UTC midnight of the first', async () => {
      const admin = await ctx.tokenFor(usageTenant);
      try {
        ctx.clock.set('2026-03-31T23:59:59.999Z');
        const march = await get('/api/analytics/agents', admin);
        expect(march.body[0]).toMatchObject({ name: 'Retired', token_count: 9 });
        ctx.clock.set('2026-04-01T00:00:00.000Z');
        const april = await get('/api/analytics/agents', admin);
        expect(
          april.body.map((row: { name: string; token_count: number }) => [
            row.name,
            row.token_count,
          ]),
        ).toEqual([
          ['Mid', 1000],
          ['Alpha', 0],
          ['Idle', 0],
          ['Retired', 0],
          ['Zeta', 0],
        ]);
        ctx.clock.set('2026-03-01T00:00:00.000Z');
        const firstOfMarch = await get('/api/analytics/agents', admin);
        expect(firstOfMarch.body[0]).toMatchObject({ name: 'Retired', token_count: 9 });
        ctx.clock.set('2026-02-28T23:59:59.999Z');
        const february = await get('/api/analytics/agents', admin);
        expect(february.body[0]).toMatchObject({ name: 'Idle', token_count: 1000 });
      } finally {
        ctx.clock.set(now);
      }
    });

    it('answers [] for a tenant with no agents', async () => {
      const response = await get('/api/analytics/agents', await ctx.tokenFor(emptyTenantId));
      expect(response.status).toBe(200);
      expect(response.body).toEqual([]);
    });

    it('rejects any query parameter', async () => {
      const response = await get('/api/analytics/agents?month=2026-02');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'month', message: 'is not a known parameter' },
      ]);
    });
  });

  describe('authentication', () => {
    const paths = [
      '/api/analytics/tokens',
      '/api/analytics/agents/activity',
      '/api/analytics/agents',
    ];

    it('Analytics endpoint requires authentication', async () => {
      for (const path of paths) {
        const missing = await request(ctx.app.callback()).get(path);
        expect(missing.status).toBe(401);
        expect(missing.headers['content-type']).toContain('application/problem+json');
        expect(missing.headers['www-authenticate']).toBe('Bearer');
        const garbage = await get(path, 'not.a.jwt');
        expect(garbage.status).toBe(401);
        const tampered = `${token.slice(0, -4)}AAAA`;
        expect((await get(path, tampered)).status).toBe(401);
      }
    });

    it('rejects an expired token with 401', async () => {
      const expired = await ctx.tokenFor(tenantId);
      try {
        ctx.authClock.set('2026-03-15T12:00:00.000Z');
        expect((await get('/api/analytics/tokens', expired)).status).toBe(401);
      } finally {
        ctx.authClock.set(now);
      }
    });

    it('answers 403 to a valid token without the tenant admin role', async () => {
      const agentToken = await ctx.tokenFor(tenantId, []);
      for (const path of paths) {
        const response = await get(path, agentToken);
        expect(response.status).toBe(403);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('checks the token before the parameters', async () => {
      const response = await request(ctx.app.callback()).get('/api/analytics/tokens?days=500');
      expect(response.status).toBe(401);
    });
  });
});
