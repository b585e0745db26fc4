import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startProjectionProcess } from '../../src/app/startProjectionProcess.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { registerAgent, type RegisteredAgent } from './support/registerAgent.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';

// Through HTTP against the whole API with the projection workers running:
// tokens issued with scopes are projected and answered per agent and tenant.
const today = '2026-11-25';
const firstDayOfWindow = '2026-10-27'; // 30 UTC days, today included
const dayBeforeWindow = '2026-10-26';

type Agent = RegisteredAgent;

describe('scope usage analytics', () => {
  let ctx: CommandApp;
  let projections: { close(): Promise<void> };
  let http: ReturnType<typeof request>;
  let acme: Awaited<ReturnType<CommandApp['newTenant']>>;
  let globex: Awaited<ReturnType<CommandApp['newTenant']>>;
  let reader: Agent;
  let idle: Agent;
  let gamma: Agent;
  let agentToken: string;

  const tokenRequest = (agent: Agent, scope?: string) =>
    http
      .post('/oauth2/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: agent.client_id,
        client_secret: agent.client_secret,
        ...(scope ? { scope } : {}),
      });
  const register = (adminToken: string, name: string, scopes: string[]) =>
    registerAgent(http, adminToken, name, scopes);
  const get = (path: string, token = acme.adminToken) =>
    http.get(path).auth(token, { type: 'bearer' });
  // Admin tokens live an hour; the clock moves by weeks.
  const freshAdminToken = async (tenant: { adminClientId: string; adminClientSecret: string }) => {
    const response = await http
      .post('/oauth2/token')
      .auth(tenant.adminClientId, tenant.adminClientSecret)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    return response.body.access_token as string;
  };
  const settled = async () => {
    await ctx.allEvents();
    await waitFor('projections to catch up', () =>
      allCaughtUp(ctx.runtime.pool, ctx.runtime.eventStore),
    );
  };

  beforeAll(async () => {
    ctx = await startCommandApp({ TOKEN_RATE_LIMIT_PER_MINUTE: '100' }, { allRoutes: true });
    http = request(ctx.app.callback());
    projections = await startProjectionProcess({
      config: {
        ...ctx.runtime.config,
        PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('scopes'),
        PROJECTION_WAKE_INTERVAL_MS: 300,
      },
      logger: ctx.runtime.logger,
      pool: ctx.runtime.pool,
      eventStore: ctx.runtime.eventStore,
    });

    ctx.clock.set(`${dayBeforeWindow}T12:00:00.000Z`);
    acme = await ctx.newTenant('Acme');
    globex = await ctx.newTenant('Globex');
    reader = await register(acme.adminToken, 'reader', ['tickets:read', 'tickets:write', 'a:b']);
    idle = await register(acme.adminToken, 'idle', ['billing:read']);
    gamma = await register(globex.adminToken, 'gamma', ['tickets:read']);
    // Outside the window: a day too early.
    await tokenRequest(reader, 'tickets:write').expect(200);

    ctx.clock.set(`${firstDayOfWindow}T00:00:00.000Z`);
    await tokenRequest(reader, 'tickets:read').expect(200);

    ctx.clock.set(`${today}T23:59:59.000Z`);
    acme.adminToken = await freshAdminToken(acme);
    globex.adminToken = await freshAdminToken(globex);
    // No scope parameter: every granted scope.
    await tokenRequest(reader).expect(200);
    const last = await tokenRequest(reader, 'tickets:read').expect(200);
    agentToken = last.body.access_token as string;
    await tokenRequest(gamma, 'tickets:read').expect(200);
    await settled();
  });
  afterAll(async () => {
    await projections.close();
    await ctx.close();
  });

  it('lists every agent with granted, used (last 30 UTC days) and unused scopes', async () => {
    const response = await get('/api/analytics/scopes');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        agent_id: idle.agent_id,
        name: 'idle',
        granted: ['billing:read'],
        used: {},
        unused: ['billing:read'],
      },
      {
        agent_id: reader.agent_id,
        name: 'reader',
        granted: ['tickets:read', 'tickets:write', 'a:b'],
        used: { 'a:b': 1, 'tickets:read': 3, 'tickets:write': 1 },
        unused: [],
      },
    ]);
  });

  it('takes granted scopes from the agent as it is now, and keeps scopes used since removed', async () => {
    await http
      .patch(`/api/agents/${reader.agent_id}`)
      .auth(acme.adminToken, { type: 'bearer' })
      .send({ scopes: ['tickets:read', 'audit:read'] })
      .expect(200);
    await settled();
    const response = await get(`/api/analytics/scopes?agent_id=${reader.agent_id.toUpperCase()}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        agent_id: reader.agent_id,
        name: 'reader',
        granted: ['tickets:read', 'audit:read'],
        used: { 'a:b': 1, 'tickets:read': 3, 'tickets:write': 1 },
        unused: ['audit:read'],
      },
    ]);
  });

  it('gives one agent’s tokens per UTC day, zeros included', async () => {
    const response = await get(`/api/analytics/agents/tokens?agent_id=${reader.agent_id}&days=31`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(31);
    expect(response.body[0]).toEqual({ date: dayBeforeWindow, count: 1 });
    expect(response.body[1]).toEqual({ date: firstDayOfWindow, count: 1 });
    expect(response.body[30]).toEqual({ date: today, count: 2 });
    const total = response.body.reduce((sum: number, day: { count: number }) => sum + day.count, 0);
    expect(total).toBe(4);
    const defaulted = await get(`/api/analytics/agents/tokens?agent_id=${reader.agent_id}`);
    expect(defaulted.body).toHaveLength(30);
  });

  it('keeps tenants apart', async () => {
    const globexScopes = await get('/api/analytics/scopes', globex.adminToken);
    expect(globexScopes.body).toEqual([
      {
        agent_id: gamma.agent_id,
        name: 'gamma',
        granted: ['tickets:read'],
        used: { 'tickets:read': 1 },
        unused: [],
      },
    ]);
    const otherTenantsAgent = await get(`/api/analytics/scopes?agent_id=${gamma.agent_id}`);
    expect(otherTenantsAgent.status).toBe(200);
    expect(otherTenantsAgent.body).toEqual([]);
    const otherTrend = await get(`/api/analytics/agents/tokens?agent_id=${gamma.agent_id}&days=1`);
    expect(otherTrend.body).toEqual([{ date: today, count: 0 }]);
  });

  it('validates its parameters, naming them', async () => {
    const cases: [string, string][] = [
      ['/api/analytics/scopes?agent_id=nope', 'agent_id'],
      ['/api/analytics/scopes?days=7', 'days'],
      ['/api/analytics/agents/tokens', 'agent_id'],
      [`/api/analytics/agents/tokens?agent_id=${reader.agent_id}&days=91`, 'days'],
      [`/api/analytics/agents/tokens?agent_id=${reader.agent_id}&days=0`, 'days'],
      [`/api/analytics/agents/tokens?agent_id=${randomUUID()}&tenant_id=x`, 'tenant_id'],
    ];
    for (const [path, field] of cases) {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  it.each(['/api/analytics/scopes', '/api/analytics/agents/tokens'])(
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
    expect(document.body.paths['/api/analytics/scopes']?.get).toBeDefined();
    expect(document.body.paths['/api/analytics/agents/tokens']?.get).toBeDefined();
  });
});
