import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startProjectionProcess } from '../../src/app/startProjectionProcess.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { registerAgent, type RegisteredAgent } from './support/registerAgent.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';

// Through HTTP against the whole API with the projection workers running:
// refused token requests are recorded, projected, and answered per tenant.
const yesterday = '2026-11-24';
const today = '2026-11-25';

type Agent = RegisteredAgent;

describe('token failure analytics', () => {
  let ctx: CommandApp;
  let projections: { close(): Promise<void> };
  let http: ReturnType<typeof request>;
  let acme: Awaited<ReturnType<CommandApp['newTenant']>>;
  let globex: Awaited<ReturnType<CommandApp['newTenant']>>;
  let alpha: Agent;
  let beta: Agent;
  let gamma: Agent;
  let agentToken: string;

  const tokenRequest = (clientId: string, secret: string, scope?: string) =>
    http
      .post('/oauth2/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        ...(scope ? { scope } : {}),
      });
  const register = (adminToken: string, name: string) => registerAgent(http, adminToken, name);
  const get = (path: string, token = acme.adminToken) =>
    http.get(path).auth(token, { type: 'bearer' });
  // Refusals are appended after their answer; then the projections catch up.
  const settled = async () => {
    await ctx.allEvents();
    await waitFor('projections to catch up', () =>
      allCaughtUp(ctx.runtime.pool, ctx.runtime.eventStore),
    );
  };

  beforeAll(async () => {
    ctx = await startCommandApp(
      {
        TOKEN_RATE_LIMIT_PER_MINUTE: '2',
        FAILED_AUTH_LIMIT_PER_MINUTE: '100',
        FAILED_AUTH_SLOWDOWN_MS: '0',
      },
      { allRoutes: true },
    );
    http = request(ctx.app.callback());
    projections = await startProjectionProcess({
      config: {
        ...ctx.runtime.config,
        PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('failures'),
        PROJECTION_WAKE_INTERVAL_MS: 300,
      },
      logger: ctx.runtime.logger,
      pool: ctx.runtime.pool,
      eventStore: ctx.runtime.eventStore,
    });

    // Yesterday, a minute before UTC midnight: tokens stay valid past it.
    ctx.clock.set(`${yesterday}T23:59:00.000Z`);
    acme = await ctx.newTenant('Acme');
    globex = await ctx.newTenant('Globex');
    alpha = await register(acme.adminToken, 'alpha');
    beta = await register(acme.adminToken, 'beta');
    gamma = await register(globex.adminToken, 'gamma');

    await tokenRequest(alpha.client_id, 'wrong-secret').expect(401);
    await tokenRequest(acme.adminClientId, 'wrong-secret').expect(401);
    await tokenRequest(gamma.client_id, 'wrong-secret').expect(401);
    await ctx.allEvents();

    ctx.clock.set(`${today}T00:00:30.000Z`);
    await tokenRequest(alpha.client_id, 'wrong-secret').expect(401);
    await tokenRequest(alpha.client_id, alpha.client_secret, 'billing:write').expect(400);
    await tokenRequest(beta.client_id, 'wrong-secret').expect(401);
    // Two tokens per minute: the third request is refused and recorded once.
    const first = await tokenRequest(beta.client_id, beta.client_secret).expect(200);
    agentToken = first.body.access_token as string;
    await tokenRequest(beta.client_id, beta.client_secret).expect(200);
    await tokenRequest(beta.client_id, beta.client_secret).expect(429);
    await tokenRequest(beta.client_id, beta.client_secret).expect(429);
    // An unknown client id belongs to no tenant: refused, never recorded.
    await tokenRequest(`agt_${randomUUID().replaceAll('-', '').slice(0, 20)}`, 'x').expect(401);
    await tokenRequest(gamma.client_id, gamma.client_secret, 'billing:write').expect(400);
    await settled();
  });
  afterAll(async () => {
    await projections.close();
    await ctx.close();
  });

  it('counts failures per UTC day and reason, admin client included, ascending', async () => {
    const response = await get('/api/analytics/failures?days=2');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { date: yesterday, reason: 'invalid_client', count: 2 },
      { date: today, reason: 'invalid_client', count: 2 },
      { date: today, reason: 'invalid_scope', count: 1 },
      { date: today, reason: 'rate_limited', count: 1 },
    ]);
  });

  it('leaves out days without failures and defaults to 30 days', async () => {
    const oneDay = await get('/api/analytics/failures?days=1');
    expect(oneDay.body.map((row: { date: string }) => row.date)).toEqual([today, today, today]);
    const defaulted = await get('/api/analytics/failures');
    expect(defaulted.status).toBe(200);
    expect(defaulted.body).toHaveLength(4);
  });

  it('lists agents with failures, most first, by reason, without the admin client', async () => {
    const response = await get('/api/analytics/agents/failures?days=2');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        agent_id: alpha.agent_id,
        name: 'alpha',
        failures: 3,
        by_reason: { invalid_client: 2, invalid_scope: 1 },
        last_failure_at: `${today}T00:00:30.000Z`,
      },
      {
        agent_id: beta.agent_id,
        name: 'beta',
        failures: 2,
        by_reason: { invalid_client: 1, rate_limited: 1 },
        last_failure_at: `${today}T00:00:30.000Z`,
      },
    ]);
  });

  it('uses the window and the agent’s current name', async () => {
    await http
      .patch(`/api/agents/${alpha.agent_id}`)
      .auth(acme.adminToken, { type: 'bearer' })
      .send({ name: 'alpha-renamed' })
      .expect(200);
    await settled();
    const response = await get('/api/analytics/agents/failures?days=1');
    // Equal counts: by agent_id.
    const tied = [
      [alpha.agent_id, 'alpha-renamed', 2],
      [beta.agent_id, 'beta', 2],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(
      response.body.map((row: { agent_id: string; name: string; failures: number }) => [
        row.agent_id,
        row.name,
        row.failures,
      ]),
    ).toEqual(tied);
  });

  it('keeps tenants apart', async () => {
    const trend = await get('/api/analytics/failures?days=2', globex.adminToken);
    expect(trend.body).toEqual([
      { date: yesterday, reason: 'invalid_client', count: 1 },
      { date: today, reason: 'invalid_scope', count: 1 },
    ]);
    const agents = await get('/api/analytics/agents/failures?days=2', globex.adminToken);
    expect(agents.body.map((row: { agent_id: string }) => row.agent_id)).toEqual([gamma.agent_id]);
    const acmeAgents = await get('/api/analytics/agents/failures?days=2');
    expect(acmeAgents.body.map((row: { agent_id: string }) => row.agent_id)).not.toContain(
      gamma.agent_id,
    );
  });

  it.each(['/api/analytics/failures', '/api/analytics/agents/failures'])(
    '%s validates days, naming it',
    async (path) => {
      for (const days of ['0', '91', 'abc', '1.5']) {
        const response = await get(`${path}?days=${days}`);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['days']);
      }
    },
  );

  it.each(['/api/analytics/failures', '/api/analytics/agents/failures'])(
    '%s answers 401 without a token and 403 to an agent',
    async (path) => {
      const anonymous = await http.get(path);
      expect(anonymous.status).toBe(401);
      const asAgent = await get(path, agentToken);
      expect(asAgent.status).toBe(403);
    },
  );

  it('is described in the OpenAPI document', async () => {
    const document = await http.get('/openapi.json').expect(200);
    expect(document.body.paths['/api/analytics/failures']?.get).toBeDefined();
    expect(document.body.paths['/api/analytics/agents/failures']?.get).toBeDefined();
  });
});
