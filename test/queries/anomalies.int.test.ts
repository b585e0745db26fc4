import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startProjectionProcess } from '../../src/app/startProjectionProcess.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { registerAgent, type RegisteredAgent } from './support/registerAgent.js';
import { appendHistory, hourAt } from '../projections/support/anomalyHistory.js';

// Through HTTP against the whole API with the projection workers running: a
// five-week token history with planted anomalies, closed by a real token
// request, answered per tenant; hours closed by the clock alone are judged
// when asked.

type Agent = RegisteredAgent;

const iso = (at: number) => new Date(at).toISOString();
const busyHours = [10, 11, 12];

describe('anomaly analytics', () => {
  let ctx: CommandApp;
  let projections: { close(): Promise<void> };
  let http: ReturnType<typeof request>;
  let acme: Awaited<ReturnType<CommandApp['newTenant']>>;
  let globex: Awaited<ReturnType<CommandApp['newTenant']>>;
  let busy: Agent;
  let quiet: Agent;
  let steady: Agent;
  let agentToken: string;

  const register = (adminToken: string, name: string) => registerAgent(http, adminToken, name);
  const get = (path: string, token = acme.adminToken) =>
    http.get(path).auth(token, { type: 'bearer' });
  const settled = async () => {
    await ctx.allEvents();
    await waitFor('projections to catch up', () =>
      allCaughtUp(ctx.runtime.pool, ctx.runtime.eventStore),
    );
  };
  const anomaly = (agent: Agent, name: string, kind: string, hour: number) =>
    expect.objectContaining({ agent_id: agent.agent_id, name, kind, hour: iso(hour) });

  beforeAll(async () => {
    ctx = await startCommandApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' }, { allRoutes: true });
    http = request(ctx.app.callback());
    projections = await startProjectionProcess({
      config: {
        ...ctx.runtime.config,
        PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('anomalies'),
        PROJECTION_WAKE_INTERVAL_MS: 300,
      },
      logger: ctx.runtime.logger,
      pool: ctx.runtime.pool,
      eventStore: ctx.runtime.eventStore,
    });

    // Monday of week 5, 09:30. Admin tokens live minutes, so the tenants are
    // made now and the history is written into the past behind them.
    ctx.clock.set(iso(hourAt(5, 0, 9) + 30 * 60_000));
    acme = await ctx.newTenant('Acme');
    globex = await ctx.newTenant('Globex');
    busy = await register(acme.adminToken, 'busy');
    quiet = await register(acme.adminToken, 'quiet');
    steady = await register(globex.adminToken, 'steady');
    const store = ctx.runtime.eventStore;
    await appendHistory(store, {
      tenantId: acme.tenantId,
      agentId: busy.agent_id,
      weeks: 5,
      workHours: busyHours,
      perHour: 20,
      overrides: new Map([
        [hourAt(4, 1, 10), { issued: 80, rejected: 0 }],
        [hourAt(4, 2, 11), { issued: 0, rejected: 0 }],
        [hourAt(4, 5, 3), { issued: 15, rejected: 0 }],
      ]),
    });
    await appendHistory(store, {
      tenantId: acme.tenantId,
      agentId: quiet.agent_id,
      weeks: 5,
      workHours: [10],
      perHour: 2,
      overrides: new Map([[hourAt(4, 3, 10), { issued: 2, rejected: 12 }]]),
    });
    await appendHistory(store, {
      tenantId: globex.tenantId,
      agentId: steady.agent_id,
      weeks: 5,
      workHours: busyHours,
      perHour: 20,
      overrides: new Map([[hourAt(4, 1, 11), { issued: 70, rejected: 0 }]]),
    });

    // A real token request closes every earlier hour.
    for (const agent of [quiet, steady]) {
      const response = await http
        .post('/oauth2/token')
        .type('form')
        .send({
          grant_type: 'client_credentials',
          client_id: agent.client_id,
          client_secret: agent.client_secret,
        })
        .expect(200);
      if (agent === quiet) agentToken = response.body.access_token as string;
    }
    await settled();
  }, 90_000);
  afterAll(async () => {
    await projections.close();
    await ctx.close();
  });

  it('lists the planted anomalies of the window, newest first, in the agreed shape', async () => {
    const response = await get('/api/analytics/anomalies?days=7');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      anomaly(busy, 'busy', 'new_hour', hourAt(4, 5, 3)),
      anomaly(quiet, 'quiet', 'failure_spike', hourAt(4, 3, 10)),
      anomaly(busy, 'busy', 'drop', hourAt(4, 2, 11)),
      anomaly(busy, 'busy', 'spike', hourAt(4, 1, 10)),
    ]);
    expect(response.body[3]).toEqual({
      agent_id: busy.agent_id,
      name: 'busy',
      kind: 'spike',
      hour: iso(hourAt(4, 1, 10)),
      observed: 80,
      expected_low: 3,
      expected_high: 48,
      score: 13.42,
    });
    expect(response.body[2]).toMatchObject({ observed: 0, expected_low: 3 });
  });

  it('defaults to 7 days and narrows with days', async () => {
    const defaulted = await get('/api/analytics/anomalies');
    expect(defaulted.status).toBe(200);
    expect(defaulted.body).toHaveLength(4);
    // Six UTC days ending Monday: from Wednesday on, the spike is left out.
    const six = await get('/api/analytics/anomalies?days=6');
    expect(six.body.map((row: { kind: string }) => row.kind)).toEqual([
      'new_hour',
      'failure_spike',
      'drop',
    ]);
  });

  it('judges hours the clock has closed since the tenant’s last event when asked', async () => {
    ctx.clock.set(iso(hourAt(5, 0, 13) + 30 * 60_000));
    const response = await get('/api/analytics/anomalies?days=7');
    expect(response.body.slice(0, 3)).toEqual([
      anomaly(busy, 'busy', 'drop', hourAt(5, 0, 12)),
      anomaly(busy, 'busy', 'drop', hourAt(5, 0, 11)),
      anomaly(busy, 'busy', 'drop', hourAt(5, 0, 10)),
    ]);
    expect(response.body).toHaveLength(7);
    ctx.clock.set(iso(hourAt(5, 0, 9) + 30 * 60_000));
  });

  it('keeps tenants apart', async () => {
    const response = await get('/api/analytics/anomalies?days=7', globex.adminToken);
    expect(response.body).toEqual([anomaly(steady, 'steady', 'spike', hourAt(4, 1, 11))]);
    const acmeAnswer = await get('/api/analytics/anomalies?days=7');
    expect(acmeAnswer.body.map((row: { agent_id: string }) => row.agent_id)).not.toContain(
      steady.agent_id,
    );
  });

  it('validates days, naming it, and refuses unknown parameters', async () => {
    for (const days of ['0', '91', 'abc', '1.5', '']) {
      const response = await get(`/api/analytics/anomalies?days=${days}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['days']);
    }
    const unknown = await get('/api/analytics/anomalies?tenant_id=x');
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 401 without a token and 403 to an agent', async () => {
    expect((await http.get('/api/analytics/anomalies')).status).toBe(401);
    expect((await get('/api/analytics/anomalies', agentToken)).status).toBe(403);
  });

  it('does not call a deactivated agent’s silence from its deactivation on a drop', async () => {
    const deactivated = await http
      .delete(`/api/agents/${busy.agent_id}`)
      .auth(acme.adminToken, { type: 'bearer' });
    expect(deactivated.status).toBe(204);
    await settled();
    ctx.clock.set(iso(hourAt(5, 0, 13) + 30 * 60_000));
    const response = await get('/api/analytics/anomalies?days=7');
    const busyRows = response.body.filter(
      (row: { agent_id: string }) => row.agent_id === busy.agent_id,
    );
    // Before its deactivation (Monday 09:30) every finding stays.
    expect(busyRows).toEqual([
      anomaly(busy, 'busy', 'new_hour', hourAt(4, 5, 3)),
      anomaly(busy, 'busy', 'drop', hourAt(4, 2, 11)),
      anomaly(busy, 'busy', 'spike', hourAt(4, 1, 10)),
    ]);
    ctx.clock.set(iso(hourAt(5, 0, 9) + 30 * 60_000));
  });

  it('is described in the OpenAPI document', async () => {
    const document = await http.get('/openapi.json').expect(200);
    const operation = document.body.paths['/api/analytics/anomalies']?.get;
    expect(operation).toBeDefined();
    expect(document.body.components.schemas.Anomalies).toBeDefined();
  });
});
