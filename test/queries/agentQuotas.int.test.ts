import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { bumpTenantVersions } from '../../src/projections/runner/readModelVersions.js';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';
import { insertAgent } from './support/readModelRows.js';

const tenantId = randomUUID();
const otherTenantId = randomUUID();

describe('agent quotas in the agents and usage reads', () => {
  let ctx: QueryTestContext;
  let token: string;
  const agents: Record<'daily' | 'hourly' | 'monthly' | 'none', string> = {
    daily: '',
    hourly: '',
    monthly: '',
    none: '',
  };
  const get = (path: string) =>
    request(ctx.app.callback()).get(path).set('Authorization', `Bearer ${token}`);

  const setQuota = async (agentId: string, limit: number, period: string, mode: string) => {
    await ctx.db.pool.query(
      `UPDATE agents SET quota_limit = $2, quota_period = $3, quota_mode = $4 WHERE agent_id = $1`,
      [agentId, limit, period, mode],
    );
  };
  const tokens = async (tenant: string, agentId: string, hour: string, count: number) => {
    await ctx.db.pool.query(
      `INSERT INTO agent_token_hours (tenant_id, agent_id, hour, tokens) VALUES ($1, $2, $3, $4)`,
      [tenant, agentId, hour, count],
    );
  };

  beforeAll(async () => {
    ctx = await createQueryTestContext('2026-03-15T10:30:00.000Z');
    token = await ctx.tokenFor(tenantId);
    for (const key of Object.keys(agents) as Array<keyof typeof agents>) {
      agents[key] = await insertAgent(ctx.db.pool, { tenantId, name: key });
    }
    await setQuota(agents.daily, 100, 'day', 'enforce');
    await setQuota(agents.hourly, 10, 'hour', 'monitor');
    await setQuota(agents.monthly, 1000, 'month', 'enforce');
    for (const agentId of [agents.daily, agents.hourly, agents.monthly, agents.none]) {
      await tokens(tenantId, agentId, '2026-02-28T23:00:00Z', 50); // last month
      await tokens(tenantId, agentId, '2026-03-14T23:00:00Z', 5); // yesterday
      await tokens(tenantId, agentId, '2026-03-15T00:00:00Z', 3); // today, earlier hour
      await tokens(tenantId, agentId, '2026-03-15T10:00:00Z', 4); // this hour
      // Another tenant's rows under the same agent id count for nothing here.
      await tokens(otherTenantId, agentId, '2026-03-15T10:00:00Z', 1000);
    }
    await bumpTenantVersions(ctx.db.pool, 'agents', [tenantId]);
  });
  afterAll(() => ctx.close());

  it('shows the quota and its current UTC period’s use on the agent', async () => {
    const daily = await get(`/api/agents/${agents.daily}`);
    expect(daily.status).toBe(200);
    expect(daily.body.quota).toEqual({
      limit: 100,
      period: 'day',
      mode: 'enforce',
      used: 7,
      period_start: '2026-03-15T00:00:00.000Z',
      period_end: '2026-03-16T00:00:00.000Z',
    });
    expect((await get(`/api/agents/${agents.hourly}`)).body.quota).toMatchObject({
      used: 4,
      period_start: '2026-03-15T10:00:00.000Z',
      period_end: '2026-03-15T11:00:00.000Z',
    });
    expect((await get(`/api/agents/${agents.monthly}`)).body.quota).toMatchObject({
      used: 12,
      period_start: '2026-03-01T00:00:00.000Z',
      period_end: '2026-04-01T00:00:00.000Z',
    });
    expect((await get(`/api/agents/${agents.none}`)).body.quota).toBeNull();
    const page = await get('/api/agents?limit=10');
    const hourly = page.body.items.find((a: { agent_id: string }) => a.agent_id === agents.hourly);
    expect(hourly.quota).toMatchObject({ limit: 10, mode: 'monitor', used: 4 });
  });

  it('lists every agent’s quota with its use in the usage table', async () => {
    const usage = await get('/api/analytics/agents');
    expect(usage.status).toBe(200);
    const byName = Object.fromEntries(
      (usage.body as Array<{ name: string; quota: unknown }>).map((row) => [row.name, row.quota]),
    );
    const none = (usage.body as Array<{ name: string }>).find((row) => row.name === 'none');
    expect(none).not.toHaveProperty('quota');
    expect(byName).toEqual({
      daily: {
        limit: 100,
        period: 'day',
        mode: 'enforce',
        used: 7,
        period_start: '2026-03-15T00:00:00.000Z',
        period_end: '2026-03-16T00:00:00.000Z',
      },
      hourly: {
        limit: 10,
        period: 'hour',
        mode: 'monitor',
        used: 4,
        period_start: '2026-03-15T10:00:00.000Z',
        period_end: '2026-03-15T11:00:00.000Z',
      },
      monthly: {
        limit: 1000,
        period: 'month',
        mode: 'enforce',
        used: 12,
        period_start: '2026-03-01T00:00:00.000Z',
        period_end: '2026-04-01T00:00:00.000Z',
      },
      // No quota: the row has no quota key, as before quotas existed.
      none: undefined,
    });
  });
});
