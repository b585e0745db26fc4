import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';

// /api/webhooks through HTTP: validation, the address guard, the secret shown
// once and kept out of the log, tenant isolation, and who may call.
describe('webhook subscription endpoints', () => {
  let open: CommandApp; // WEBHOOK_ALLOW_PRIVATE=true, as in local development
  let guarded: CommandApp; // the default: private destinations refused
  let acme: Awaited<ReturnType<CommandApp['newTenant']>>;
  let globex: Awaited<ReturnType<CommandApp['newTenant']>>;

  const http = (app: CommandApp) => request(app.app.callback());
  const subscribe = (app: CommandApp, token: string, body: unknown) =>
    http(app)
      .post('/api/webhooks')
      .auth(token, { type: 'bearer' })
      .send(body as object);

  beforeAll(async () => {
    open = await startCommandApp(
      {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_MAX_SUBSCRIPTIONS: '3',
        WEBHOOK_TEST_LIMIT_PER_MINUTE: '4',
      },
      { allRoutes: true },
    );
    guarded = await startCommandApp({}, { allRoutes: true });
    acme = await open.newTenant('Acme');
    globex = await open.newTenant('Globex');
  });

  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it('subscribes, shows the secret once, lists without it and keeps it out of the log', async () => {
    const created = await subscribe(open, acme.adminToken, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['quota.threshold', 'anomaly.detected', 'quota.threshold'],
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toEqual({
      id: expect.any(String),
      url: 'http://127.0.0.1:9/hooks',
      events: ['quota.threshold', 'anomaly.detected'],
      created_at: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const secret = created.body.secret as string;

    const listed = await http(open).get('/api/webhooks').auth(acme.adminToken, { type: 'bearer' });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      {
        id: created.body.id,
        url: 'http://127.0.0.1:9/hooks',
        events: ['quota.threshold', 'anomaly.detected'],
        created_at: created.body.created_at,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const events = await open.allEvents();
    const subscribed = events.filter((event) => event.type === 'WebhookSubscribed');
    expect(subscribed).toHaveLength(1);
    expect(subscribed[0]?.streamName).toBe(`webhooks-${acme.tenantId}.${created.body.id}`);
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(JSON.stringify(events)).not.toContain(secret.slice('whsec_'.length));

    const audit = await http(open)
      .get('/api/audit/events?type=WebhookSubscribed')
      .auth(acme.adminToken, { type: 'bearer' });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].data).toEqual({
      tenantId: acme.tenantId,
      subscriptionId: created.body.id,
      url: 'http://127.0.0.1:9/hooks',
      events: ['quota.threshold', 'anomaly.detected'],
    });
  });

  it('refuses private, loopback, link-local and metadata destinations naming url, and changes nothing', async () => {
    const before = (await guarded.allEvents()).length;
    const tenant = await guarded.newTenant('Guarded');
    const afterTenant = (await guarded.allEvents()).length;
    expect(afterTenant).toBeGreaterThan(before);
    for (const url of [
      'http://127.0.0.1/hooks',
      'http://localhost:8080/hooks',
      'http://10.1.2.3/hooks',
      'http://192.168.0.10/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hooks',
      'http://[fd00:ec2::254]/hooks',
      'http://0.0.0.0/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://[::127.0.0.1]/hooks',
    ]) {
      const refused = await subscribe(guarded, tenant.adminToken, {
        url,
        events: ['quota.threshold'],
      });
      expect({ url, status: refused.status }).toEqual({ url, status: 400 });
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors[0].field).toBe('url');
      // A generic reason: what the host resolves to is not the tenant's to see.
      expect(refused.body.errors[0].message).toBe('the host does not resolve to a public address');
      expect(JSON.stringify(refused.body)).not.toMatch(/127\.0\.0\.1|::1|resolves to/);
    }
    expect((await guarded.allEvents()).length).toBe(afterTenant);
    const rows = await guarded.runtime.pool.query(
      'SELECT count(*)::int AS n FROM webhook_endpoints',
    );
    expect(rows.rows[0].n).toBe(0);
  });

  it.each([
    ['no url', { events: ['quota.threshold'] }, 'url'],
    ['an ftp url', { url: 'ftp://example.com/x', events: ['quota.threshold'] }, 'url'],
    ['not a url', { url: 'not a url', events: ['quota.threshold'] }, 'url'],
    [
      'a url too long',
      { url: `https://example.com/${'a'.repeat(2001)}`, events: ['quota.threshold'] },
      'url',
    ],
    [
      'a NUL in the url',
      { url: 'https://93.184.216.34/a\u0000b', events: ['quota.threshold'] },
      'url',
    ],
    [
      'a control character in the url',
      { url: 'https://93.184.216.34/a\u001bb', events: ['quota.threshold'] },
      'url',
    ],
    [
      'an unpaired surrogate in the url',
      { url: 'https://93.184.216.34/a\ud800b', events: ['quota.threshold'] },
      'url',
    ],
    [
      'a user name and password in the url',
      { url: 'https://user:hunter2@93.184.216.34/x', events: ['quota.threshold'] },
      'url',
    ],
    [
      'a user name in the url',
      { url: 'https://user@93.184.216.34/x', events: ['quota.threshold'] },
      'url',
    ],
    [
      'a url with credentials in its query',
      { url: 'https://93.184.216.34/?next=http://u:p@x', events: ['quota.threshold'] },
      'url',
    ],
    [
      'a webhook secret in the url',
      { url: `https://93.184.216.34/?s=whsec_${'A'.repeat(32)}`, events: ['quota.threshold'] },
      'url',
    ],
    ['no events', { url: 'https://example.com/x' }, 'events'],
    ['empty events', { url: 'https://example.com/x', events: [] }, 'events'],
    ['an unknown event', { url: 'https://example.com/x', events: ['token.issued'] }, 'events.0'],
    [
      'a secret of its own',
      { url: 'https://example.com/x', events: ['quota.threshold'], secret: 'mine' },
      'body',
    ],
  ])('refuses %s naming the field', async (_label, body, field) => {
    const response = await subscribe(open, acme.adminToken, body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });

  it('keeps tenants apart and asks for a tenant admin', async () => {
    const created = await subscribe(open, acme.adminToken, {
      url: 'http://127.0.0.1:9/other',
      events: ['agent.failures.spike'],
    });
    const id = created.body.id as string;
    const asGlobex = (method: 'get' | 'post' | 'delete', path: string) =>
      http(open)[method](path).auth(globex.adminToken, { type: 'bearer' });
    const globexList = await asGlobex('get', '/api/webhooks');
    expect(globexList.body.items).toEqual([]);
    for (const [method, path] of [
      ['delete', `/api/webhooks/${id}`],
      ['post', `/api/webhooks/${id}/test`],
      ['get', `/api/webhooks/${id}/deliveries`],
      ['get', '/api/webhooks/not-a-uuid/deliveries'],
    ] as const) {
      const response = await asGlobex(method, path);
      expect({ path, method, status: response.status }).toEqual({ path, method, status: 404 });
      expect(JSON.stringify(response.body)).not.toContain(acme.tenantId);
    }
    expect((await http(open).get('/api/webhooks')).status).toBe(401);
    expect((await http(open).post('/api/webhooks').send({})).status).toBe(401);

    const agent = await http(open)
      .post('/api/agents')
      .auth(acme.adminToken, { type: 'bearer' })
      .send({ name: 'bot' });
    const token = await http(open).post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.body.client_id,
      client_secret: agent.body.client_secret,
    });
    const agentToken = token.body.access_token as string;
    const forbidden = await http(open).get('/api/webhooks').auth(agentToken, { type: 'bearer' });
    expect(forbidden.status).toBe(403);
    expect(
      (
        await subscribe(open, agentToken, {
          url: 'http://127.0.0.1:9/x',
          events: ['quota.threshold'],
        })
      ).status,
    ).toBe(403);
  });

  it('unsubscribes once: the list drops it, the log records it, a second delete changes nothing', async () => {
    const created = await subscribe(open, globex.adminToken, {
      url: 'http://127.0.0.1:9/gone',
      events: ['quota.threshold'],
    });
    const id = created.body.id as string;
    const del = () =>
      http(open).delete(`/api/webhooks/${id}`).auth(globex.adminToken, { type: 'bearer' });
    const withBody = await del().send({ bogus: true });
    expect(withBody.status).toBe(400);
    expect(withBody.body.errors[0].field).toBe('body');
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(204);
    const listed = await http(open)
      .get('/api/webhooks')
      .auth(globex.adminToken, { type: 'bearer' });
    expect(listed.body.items).toEqual([]);
    const unsubscribed = (await open.allEvents()).filter(
      (event) => event.type === 'WebhookUnsubscribed' && event.data.subscriptionId === id,
    );
    expect(unsubscribed).toHaveLength(1);
    const test = await http(open)
      .post(`/api/webhooks/${id}/test`)
      .auth(globex.adminToken, { type: 'bearer' });
    expect(test.status).toBe(404);
  });

  it('caps the subscriptions of one tenant, counting only active ones', async () => {
    const tenant = await open.newTenant('Capped');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await subscribe(open, tenant.adminToken, {
        url: `http://127.0.0.1:9/cap-${i}`,
        events: ['quota.threshold'],
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id as string);
    }
    const eventsBefore = (await open.allEvents()).length;
    const refused = await subscribe(open, tenant.adminToken, {
      url: 'http://127.0.0.1:9/cap-3',
      events: ['quota.threshold'],
    });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(/3 webhook subscriptions.*DELETE \/api\/webhooks/);
    expect((await open.allEvents()).length).toBe(eventsBefore);
    const rows = await open.runtime.pool.query(
      'SELECT count(*)::int AS n FROM webhook_endpoints WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(rows.rows[0].n).toBe(3);

    // Another tenant is not affected; removing one makes room again.
    const other = await open.newTenant('Uncapped');
    expect(
      (
        await subscribe(open, other.adminToken, {
          url: 'http://127.0.0.1:9/o',
          events: ['quota.threshold'],
        })
      ).status,
    ).toBe(201);
    await http(open).delete(`/api/webhooks/${ids[0]}`).auth(tenant.adminToken, { type: 'bearer' });
    expect(
      (
        await subscribe(open, tenant.adminToken, {
          url: 'http://127.0.0.1:9/again',
          events: ['quota.threshold'],
        })
      ).status,
    ).toBe(201);
  });

  it('limits test messages per tenant and minute with a 429 and Retry-After', async () => {
    const tenant = await open.newTenant('Chatty');
    const other = await open.newTenant('Quiet');
    const created = await subscribe(open, tenant.adminToken, {
      url: 'http://127.0.0.1:9/test-limit',
      events: ['quota.threshold'],
    });
    const id = created.body.id as string;
    const sendTest = () =>
      http(open).post(`/api/webhooks/${id}/test`).auth(tenant.adminToken, { type: 'bearer' });
    for (let i = 0; i < 4; i += 1) expect((await sendTest()).status).toBe(202);
    const limited = await sendTest();
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    const queued = await open.runtime.pool.query(
      'SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1',
      [id],
    );
    expect(queued.rows[0].n).toBe(4);

    const otherHook = await subscribe(open, other.adminToken, {
      url: 'http://127.0.0.1:9/quiet',
      events: ['quota.threshold'],
    });
    const otherTest = await http(open)
      .post(`/api/webhooks/${otherHook.body.id}/test`)
      .auth(other.adminToken, { type: 'bearer' });
    expect(otherTest.status).toBe(202);
  });
});
