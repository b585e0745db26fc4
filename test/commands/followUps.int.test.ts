import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { followUpSettler, startFollowUpSweep } from '../../src/app/startFollowUpSweep.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { waitFor } from '../support/waitFor.js';
import { startCommandApp, type CommandApp } from './support/commandApp.js';
import { failBefore, hangAfter, InterceptingEventStore } from './support/interceptingEventStore.js';

// A command records, before its append, that the client's row must follow it.
// When the command stops after its append and no client can prove a secret to
// the row (the row's own secret was never handed out), the worker's sweep is
// what brings the row up to the log.
describe('follow-up records of rows kept beside the log', () => {
  let ctx: CommandApp;
  let store: InterceptingEventStore;
  let server: RunningServer;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  const http = () => request(ctx.app.callback());
  const admin = () => `Bearer ${tenant.adminToken}`;
  const settle = (olderThanMs: number) => followUpSettler(ctx.runtime)({ olderThanMs });

  beforeAll(async () => {
    ctx = await startCommandApp(
      {
        TOKEN_RATE_LIMIT_PER_MINUTE: '1000000',
        FAILED_AUTH_LIMIT_PER_MINUTE: '1000000',
        WEBHOOK_ALLOW_PRIVATE: 'true',
      },
      { wrapEventStore: (inner) => (store = new InterceptingEventStore(inner)), allRoutes: true },
    );
    server = await startHttpServer(ctx.app, {
      host: '127.0.0.1',
      port: 0,
      logger: ctx.runtime.logger,
    });
    tenant = await ctx.newTenant();
  });
  afterAll(async () => {
    await server.close(0);
    await ctx.close();
  });

  async function register() {
    const response = await http()
      .post('/api/agents')
      .set('authorization', admin())
      .send({ name: 'Agent', scopes: ['a:read'] });
    expect(response.status).toBe(201);
    return {
      agentId: response.body.agent_id as string,
      clientId: response.body.client_id as string,
      secret: response.body.client_secret as string,
    };
  }

  /** A rotation whose process is killed once its event is in the log: it never answers. */
  async function killedRotation(agentId: string): Promise<void> {
    let killed = false;
    store.intercept(hangAfter(() => (killed = true)));
    void fetch(`${server.url}/api/agents/${agentId}/rotate-secret`, {
      method: 'POST',
      headers: { authorization: admin(), 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
    while (!killed) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  const head = async (agentId: string) =>
    (
      await ctx.runtime.pool.query<{ revision: number; id: string }>(
        `SELECT stream_revision::int AS revision, event_id::text AS id FROM events
          WHERE stream_name = $1 ORDER BY stream_revision DESC LIMIT 1`,
        [`agent-${tenant.tenantId}.${agentId}`],
      )
    ).rows[0];
  const row = async (clientId: string) =>
    (
      await ctx.runtime.pool.query<{ revision: number; secret_event_id: string }>(
        `SELECT revision::int AS revision, secret_event_id::text FROM client_credentials
          WHERE client_id = $1`,
        [clientId],
      )
    ).rows[0];
  const records = async (clientId: string) =>
    Number(
      (
        await ctx.runtime.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM log_follow_ups WHERE row_key = $1',
          [clientId],
        )
      ).rows[0]?.n,
    );

  /** Log: registered, rotated, rotated; row: at the first rotation, whose secret nobody holds. */
  async function rowBehindWithAnUnknownSecret() {
    const agent = await register();
    await killedRotation(agent.agentId);
    // An update that changes nothing appends nothing, but brings the row up to
    // the first rotation, whose secret was never handed out.
    const unchanged = await http()
      .patch(`/api/agents/${agent.agentId}`)
      .set('authorization', admin())
      .send({ scopes: ['a:read'] });
    expect(unchanged.status).toBe(200);
    await killedRotation(agent.agentId);
    store.clear();
    expect((await head(agent.agentId))?.revision).toBe(2);
    expect((await row(agent.clientId))?.revision).toBe(1);
    return agent;
  }

  it('brings a row no client can prove a secret to up to the log', async () => {
    const agent = await rowBehindWithAnUnknownSecret();
    const token = await http().post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.clientId,
      client_secret: agent.secret,
    });
    expect(token.status).toBe(401);
    expect((await row(agent.clientId))?.revision).toBe(1);

    // The records are fresh: their commands might still be running.
    await settle(10_000);
    expect((await row(agent.clientId))?.revision).toBe(1);
    expect(await records(agent.clientId)).toBe(1);

    await settle(0);
    const last = await head(agent.agentId);
    expect(await row(agent.clientId)).toEqual({ revision: 2, secret_event_id: last?.id });
    expect(await records(agent.clientId)).toBe(0);
  });

  it('is run by the worker for records older than ten seconds', async () => {
    const agent = await rowBehindWithAnUnknownSecret();
    await ctx.runtime.pool.query(
      `UPDATE log_follow_ups SET created_at = now() - interval '11 seconds'
        WHERE row_key = $1`,
      [agent.clientId],
    );
    const sweep = startFollowUpSweep({
      ...ctx.runtime,
      config: { ...ctx.runtime.config, FOLLOW_UP_SWEEP_INTERVAL_MS: 50 },
    });
    try {
      await waitFor(
        'the sweep to bring the row up to the log',
        async () => (await row(agent.clientId))?.revision === 2,
      );
    } finally {
      await sweep.stop();
    }
    expect(await records(agent.clientId)).toBe(0);
  });

  it('leaves no record behind for a command that answered, or whose append did not happen', async () => {
    const agent = await register();
    const updated = await http()
      .patch(`/api/agents/${agent.agentId}`)
      .set('authorization', admin())
      .send({ scopes: ['b:write'] });
    expect(updated.status).toBe(200);
    store.intercept(failBefore);
    const failed = await http()
      .post(`/api/agents/${agent.agentId}/deactivate`)
      .set('authorization', admin())
      .send({});
    expect(failed.status).toBe(503);
    expect(await records(agent.clientId)).toBe(0);
  });

  it('drops a record a day old whose event never reached the log, and keeps a younger one', async () => {
    const agent = await register();
    const insert = (age: string) =>
      ctx.runtime.pool.query(
        `INSERT INTO log_follow_ups (event_id, kind, row_key, stream_name, created_at)
         VALUES ($1, 'credentials', $2, $3, now() - $4::interval)`,
        [randomUUID(), agent.clientId, `agent-${tenant.tenantId}.${agent.agentId}`, age],
      );
    await insert('25 hours');
    await insert('2 hours');
    await settle(0);
    expect(await records(agent.clientId)).toBe(1);
    expect((await row(agent.clientId))?.revision).toBe(0);
  });

  it('takes a subscription off the list when its removal was killed after its append', async () => {
    const created = await http()
      .post('/api/webhooks')
      .set('authorization', admin())
      .send({ url: 'http://127.0.0.1:9/hook', events: ['anomaly.detected'] });
    expect(created.status).toBe(201);
    const subscriptionId = created.body.id as string;
    let killed = false;
    store.intercept(hangAfter(() => (killed = true)));
    void fetch(`${server.url}/api/webhooks/${subscriptionId}`, {
      method: 'DELETE',
      headers: { authorization: admin() },
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
    while (!killed) await new Promise((resolve) => setTimeout(resolve, 5));
    store.clear();
    const listed = async () =>
      (await http().get('/api/webhooks').set('authorization', admin())).body.items.map(
        (subscription: { id: string }) => subscription.id,
      );
    expect(await listed()).toContain(subscriptionId);

    await settle(0);
    expect(await listed()).not.toContain(subscriptionId);
    expect(await records(subscriptionId)).toBe(0);
  });
});
