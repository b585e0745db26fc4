import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startCommandApp, startedAt, type CommandApp } from './support/commandApp.js';
import { testRedisUrl } from '../support/testDatabase.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { waitFor } from '../support/waitFor.js';

type Tenant = Awaited<ReturnType<CommandApp['newTenant']>>;

function helpers(ctx: () => CommandApp) {
  const http = () => request(ctx().app.callback());
  return {
    http,
    async register(tenant: Tenant, name = 'Quota bot') {
      const response = await http()
        .post('/api/agents')
        .set('authorization', `Bearer ${tenant.adminToken}`)
        .send({ name, scopes: ['a'] });
      expect(response.status).toBe(201);
      return response.body as { agent_id: string; client_id: string; client_secret: string };
    },
    setQuota: (tenant: Tenant, agentId: string, body: unknown) =>
      http()
        .put(`/api/agents/${agentId}/quota`)
        .set('authorization', `Bearer ${tenant.adminToken}`)
        .send(body as object),
    removeQuota: (tenant: Tenant, agentId: string) =>
      http()
        .delete(`/api/agents/${agentId}/quota`)
        .set('authorization', `Bearer ${tenant.adminToken}`),
    token: (agent: { client_id: string; client_secret: string }) =>
      http().post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: agent.client_id,
        client_secret: agent.client_secret,
      }),
    async eventsOf(stream: string) {
      return (await ctx().allEvents()).filter((e) => e.streamName === stream);
    },
  };
}

describe('agent quota commands', () => {
  let ctx: CommandApp;
  let tenant: Tenant;
  const h = helpers(() => ctx);

  beforeAll(async () => {
    ctx = await startCommandApp();
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  it('sets a quota: AgentQuotaSet on the agent stream, the agent with an ETag; the same again appends nothing', async () => {
    const agent = await h.register(tenant);
    const quota = { limit: 100, period: 'day', mode: 'enforce' };
    const set = await h.setQuota(tenant, agent.agent_id, quota);
    expect(set.status).toBe(200);
    expect(set.headers.etag).toBe('"1"');
    expect(set.body).toMatchObject({ agent_id: agent.agent_id, quota, revision: 1 });
    const again = await h.setQuota(tenant, agent.agent_id, quota);
    expect(again.headers.etag).toBe('"1"');
    const events = await h.eventsOf(`agent-${tenant.tenantId}.${agent.agent_id}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['AgentRegistered', expect.anything()],
      [
        'AgentQuotaSet',
        {
          tenantId: tenant.tenantId,
          agentId: agent.agent_id,
          limit: 100,
          period: 'day',
          mode: 'enforce',
        },
      ],
    ]);
  });

  it('removes a quota with AgentQuotaRemoved; removing none appends nothing', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 5, period: 'hour', mode: 'monitor' });
    const removed = await h.removeQuota(tenant, agent.agent_id);
    expect(removed.status).toBe(200);
    expect(removed.headers.etag).toBe('"2"');
    expect(removed.body.quota).toBeNull();
    expect((await h.removeQuota(tenant, agent.agent_id)).headers.etag).toBe('"2"');
    const types = (await h.eventsOf(`agent-${tenant.tenantId}.${agent.agent_id}`)).map(
      (e) => e.type,
    );
    expect(types).toEqual(['AgentRegistered', 'AgentQuotaSet', 'AgentQuotaRemoved']);
  });

  it('refuses bad bodies with a problem document naming the field, appending nothing', async () => {
    const agent = await h.register(tenant);
    const cases: Array<[unknown, string]> = [
      [{ limit: 0, period: 'day', mode: 'enforce' }, 'limit'],
      [{ limit: 1.5, period: 'day', mode: 'enforce' }, 'limit'],
      [{ limit: '10', period: 'day', mode: 'enforce' }, 'limit'],
      [{ limit: 10, period: 'week', mode: 'enforce' }, 'period'],
      [{ limit: 10, period: 'day', mode: 'block' }, 'mode'],
      [{ limit: 10, period: 'day' }, 'mode'],
      [{ limit: 10, period: 'day', mode: 'enforce', burst: 3 }, 'burst'],
    ];
    for (const [body, field] of cases) {
      const refused = await h.setQuota(tenant, agent.agent_id, body);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(refused.body.errors)).toContain(field);
    }
    const types = (await h.eventsOf(`agent-${tenant.tenantId}.${agent.agent_id}`)).map(
      (e) => e.type,
    );
    expect(types).toEqual(['AgentRegistered']);
  });

  it('honours If-Match: a stale revision is 412 and appends nothing', async () => {
    const agent = await h.register(tenant);
    const quota = { limit: 7, period: 'month', mode: 'enforce' };
    const stale = await h.setQuota(tenant, agent.agent_id, quota).set('if-match', '"3"');
    expect(stale.status).toBe(412);
    const staleRemove = await h.removeQuota(tenant, agent.agent_id).set('if-match', '"5"');
    expect(staleRemove.status).toBe(412);
    const current = await h.setQuota(tenant, agent.agent_id, quota).set('if-match', '"0"');
    expect(current.status).toBe(200);
    expect(current.headers.etag).toBe('"1"');
  });

  it('is 404 for another tenant’s agent and a deactivated agent cannot get a quota', async () => {
    const other = await ctx.newTenant('Other');
    const agent = await h.register(tenant);
    const quota = { limit: 7, period: 'month', mode: 'enforce' };
    expect((await h.setQuota(other, agent.agent_id, quota)).status).toBe(404);
    expect((await h.removeQuota(other, agent.agent_id)).status).toBe(404);
    await h
      .http()
      .delete(`/api/agents/${agent.agent_id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect((await h.setQuota(tenant, agent.agent_id, quota)).status).toBe(409);
    const types = (await h.eventsOf(`agent-${tenant.tenantId}.${agent.agent_id}`)).map(
      (e) => e.type,
    );
    expect(types).toEqual(['AgentRegistered', 'AgentDeactivated']);
  });
});

describe('agent quotas at the token endpoint (Redis)', () => {
  let ctx: CommandApp;
  let tenant: Tenant;
  const h = helpers(() => ctx);
  const issuedOf = async (agentId: string) =>
    (await h.eventsOf(`tokens-${tenant.tenantId}.${agentId}`)).filter(
      (e) => e.type === 'TokenIssued',
    );

  beforeAll(async () => {
    // Concurrent requests from one source each hold a failed-secret point
    // until their secret is checked: room for all of them.
    ctx = await startCommandApp({
      TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
      FAILED_AUTH_LIMIT_PER_MINUTE: '1000',
    });
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  it('refuses past an enforced quota: 429, Retry-After to the period end, quota_exceeded recorded once', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 3, period: 'hour', mode: 'enforce' });
    const statuses: number[] = [];
    let refused: request.Response | undefined;
    for (let i = 0; i < 5; i += 1) {
      const response = await h.token(agent);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // The fixed clock stands at 12:00:00 UTC: the hour ends in 3600 s.
    expect(refused?.headers['retry-after']).toBe('3600');
    expect(refused?.headers['content-type']).toMatch(/^application\/json/);
    expect(refused?.body).toEqual({
      error: 'quota_exceeded',
      error_description: expect.stringContaining('quota of 3 per hour'),
    });
    const rejected = (await h.eventsOf(`tokens-${tenant.tenantId}.${agent.agent_id}`)).filter(
      (e) => e.type === 'TokenRequestRejected',
    );
    expect(rejected).toMatchObject([
      {
        data: {
          agentId: agent.agent_id,
          error: 'quota_exceeded',
          reason: 'token quota of 3 per hour reached',
        },
      },
    ]);
    expect(await issuedOf(agent.agent_id)).toHaveLength(3);
  });

  it('starts afresh when the UTC period ends', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 1, period: 'day', mode: 'enforce' });
    expect((await h.token(agent)).status).toBe(200);
    expect((await h.token(agent)).status).toBe(429);
    ctx.clock.set('2026-11-26T12:00:00.000Z');
    try {
      expect((await h.token(agent)).status).toBe(200);
      expect((await h.token(agent)).status).toBe(429);
    } finally {
      ctx.clock.set(startedAt);
    }
  });

  it('never refuses in monitor mode, and a removed quota refuses nothing', async () => {
    const monitored = await h.register(tenant);
    await h.setQuota(tenant, monitored.agent_id, { limit: 1, period: 'hour', mode: 'monitor' });
    for (let i = 0; i < 4; i += 1) expect((await h.token(monitored)).status).toBe(200);

    const lifted = await h.register(tenant);
    await h.setQuota(tenant, lifted.agent_id, { limit: 1, period: 'hour', mode: 'enforce' });
    expect((await h.token(lifted)).status).toBe(200);
    expect((await h.token(lifted)).status).toBe(429);
    await h.removeQuota(tenant, lifted.agent_id);
    expect((await h.token(lifted)).status).toBe(200);
  });

  it('rebuilds a lost counter from the log, never from zero', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 5, period: 'month', mode: 'enforce' });
    for (let i = 0; i < 3; i += 1) expect((await h.token(agent)).status).toBe(200);
    // What a Redis restart without persistence leaves: no counter at all.
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`*:quota:${tenant.tenantId}:${agent.agent_id}:*`);
      expect(keys).toHaveLength(1);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await h.token(agent)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(await issuedOf(agent.agent_id)).toHaveLength(5);
  });

  it('lets no more than the limit through to 64 concurrent clients', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 20, period: 'hour', mode: 'enforce' });
    const responses = await Promise.all(Array.from({ length: 64 }, () => h.token(agent)));
    const statuses = responses.map((response) => response.status);
    const refusals = responses.filter((response) => response.status === 429);
    expect(new Set(refusals.map((response) => response.body.error))).toEqual(
      new Set(['quota_exceeded']),
    );
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(44);
    expect(await issuedOf(agent.agent_id)).toHaveLength(20);
  });
});

describe('agent quotas beside the rate limit', () => {
  let ctx: CommandApp;
  let tenant: Tenant;
  const h = helpers(() => ctx);

  beforeAll(async () => {
    ctx = await startCommandApp({ TOKEN_RATE_LIMIT_PER_MINUTE: '1' });
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  it('records quota_exceeded when a request refused by the rate limit was over the quota too', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 1, period: 'hour', mode: 'enforce' });
    expect((await h.token(agent)).status).toBe(200);
    // Over both: the rate limit answers, and the quota's first refusal is not used up.
    const limited = await h.token(agent);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('slow_down');
    // A new minute for the rate limit (its key gone), the quota still spent.
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`*token-requests*${agent.client_id}`);
      expect(keys).toHaveLength(1);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    const overQuota = await h.token(agent);
    expect(overQuota.status).toBe(429);
    expect(overQuota.body.error).toBe('quota_exceeded');
    await waitFor(
      'the refusals in the log',
      async () => {
        const rejected = (await h.eventsOf(`tokens-${tenant.tenantId}.${agent.agent_id}`)).filter(
          (e) => e.type === 'TokenRequestRejected',
        );
        return rejected.length >= 2;
      },
      3000,
    ).catch(() => undefined);
    const rejected = (await h.eventsOf(`tokens-${tenant.tenantId}.${agent.agent_id}`)).filter(
      (e) => e.type === 'TokenRequestRejected',
    );
    expect(rejected.map((e) => (e.data as { error: string }).error)).toEqual([
      'rate_limited',
      'quota_exceeded',
    ]);
  });
});

describe('agent quotas with Redis gone', () => {
  let ctx: CommandApp;
  let proxy: TcpProxy;
  let tenant: Tenant;
  const h = helpers(() => ctx);

  beforeAll(async () => {
    const redisUrl = new URL(testRedisUrl());
    proxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port) });
    ctx = await startCommandApp({}, { redisUrl: `redis://${proxy.host}:${proxy.port}` });
    tenant = await ctx.newTenant();
  });
  afterAll(async () => {
    await ctx.close();
    await proxy.close();
  });

  it('fails open to an in-memory count seeded from the log, and enforces it', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 3, period: 'hour', mode: 'enforce' });
    expect((await h.token(agent)).status).toBe(200);
    await proxy.cut();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await h.token(agent)).status);
      // One token was issued before Redis went: two more, then refusals.
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      await proxy.restore();
    }
  });

  it('rebuilds the Redis counter from the log when Redis comes back after counting in memory', async () => {
    const agent = await h.register(tenant);
    await h.setQuota(tenant, agent.agent_id, { limit: 5, period: 'hour', mode: 'enforce' });
    await waitFor('Redis after the last test', () => ctx.runtime.redis.status === 'ready');
    expect((await h.token(agent)).status).toBe(200); // counted in Redis: 1
    await proxy.cut();
    try {
      for (let i = 0; i < 2; i += 1) expect((await h.token(agent)).status).toBe(200);
    } finally {
      await proxy.restore();
    }
    await waitFor('Redis again', () => ctx.runtime.redis.status === 'ready');
    expect(await ctx.runtime.redis.ping()).toBe('PONG');
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`*:quota:${tenant.tenantId}:${agent.agent_id}:*`);
      expect(keys).toHaveLength(1);
      expect(await redis.hget(keys[0] as string, 'issued')).toBe('1');
    } finally {
      redis.disconnect();
    }
    // The log holds 3 tokens; the key that survived the outage says 1.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await h.token(agent)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const issued = (await h.eventsOf(`tokens-${tenant.tenantId}.${agent.agent_id}`)).filter(
      (e) => e.type === 'TokenIssued',
    );
    expect(issued).toHaveLength(5);
  });
});
