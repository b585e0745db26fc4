import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startWebhookProcess, type WebhookProcess } from '../../src/app/startWebhookProcess.js';
import { withTransaction } from '../../src/db/pool.js';
import { alertId, type Alert } from '../../src/webhooks/alerts/alert.js';
import { recordAlerts } from '../../src/webhooks/alerts/alertOutbox.js';
import { deliverOnce } from '../../src/webhooks/delivery/deliverOnce.js';
import { deliveriesToQueue } from '../../src/webhooks/delivery/deliveries.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { waitFor } from '../support/waitFor.js';
import { startReceiver, type Receiver } from './support/receiver.js';

// Deliveries by the webhook worker to a real local receiver: signed as
// Standard Webhooks says, retried with the same webhook-id, given up with a
// reason, never redirected, bounded in time, and logged per subscription.
describe('webhook delivery', () => {
  let ctx: CommandApp;
  let webhooks: WebhookProcess;
  let acme: Awaited<ReturnType<CommandApp['newTenant']>>;
  let globex: Awaited<ReturnType<CommandApp['newTenant']>>;
  const receivers: Receiver[] = [];

  const http = () => request(ctx.app.callback());
  const receiver = async () => {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  };
  const subscribe = async (
    tenant: typeof acme,
    target: Receiver,
    events: string[] = ['quota.threshold'],
    url = target.url,
  ) => {
    const created = await http()
      .post('/api/webhooks')
      .auth(tenant.adminToken, { type: 'bearer' })
      .send({ url, events });
    expect(created.status).toBe(201);
    target.setSecret(created.body.secret as string);
    return created.body.id as string;
  };
  const deliveries = async (tenant: typeof acme, id: string, query = '') => {
    const response = await http()
      .get(`/api/webhooks/${id}/deliveries${query}`)
      .auth(tenant.adminToken, { type: 'bearer' });
    expect(response.status).toBe(200);
    return response.body as { items: Record<string, unknown>[]; next_cursor: string | null };
  };
  const settledDelivery = async (tenant: typeof acme, id: string) => {
    let item: Record<string, unknown> | undefined;
    await waitFor('the delivery to settle', async () => {
      item = (await deliveries(tenant, id)).items[0];
      return item !== undefined && item.status !== 'pending';
    });
    return item as Record<string, unknown>;
  };
  const sendTest = async (tenant: typeof acme, id: string) => {
    const sent = await http()
      .post(`/api/webhooks/${id}/test`)
      .auth(tenant.adminToken, { type: 'bearer' });
    expect(sent.status).toBe(202);
    return sent.body as { delivery_id: string; message_id: string };
  };

  beforeAll(async () => {
    ctx = await startCommandApp({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { allRoutes: true });
    webhooks = await startWebhookProcess({
      config: {
        ...ctx.runtime.config,
        PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('webhooks'),
        WEBHOOK_RETRY_BASE_MS: 100,
        WEBHOOK_MAX_ATTEMPTS: 3,
        WEBHOOK_TIMEOUT_MS: 500,
        WEBHOOK_DISPATCH_INTERVAL_MS: 100,
        WEBHOOK_JOB_LOCK_MS: 2000,
      },
      logger: ctx.runtime.logger,
      pool: ctx.runtime.pool,
      eventStore: ctx.runtime.eventStore,
    });
    acme = await ctx.newTenant('Acme');
    globex = await ctx.newTenant('Globex');
  });

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.kill().catch(() => {})));
  });

  afterAll(async () => {
    await webhooks?.close();
    await ctx?.close();
  });

  it('sends a signed webhook.test whose webhook-id is the message id, and logs the attempt', async () => {
    const target = await receiver();
    const id = await subscribe(acme, target);
    const sent = await sendTest(acme, id);
    const delivery = await settledDelivery(acme, id);
    expect(target.received).toHaveLength(1);
    const [received] = target.received;
    expect(received?.verified).toBe(true);
    expect(received?.id).toBe(sent.message_id);
    expect(received?.body).toEqual({
      type: 'webhook.test',
      timestamp: expect.any(String),
      data: { subscriptionId: id },
    });
    expect(Math.abs(Number(received?.timestamp) - Date.now() / 1000)).toBeLessThan(30);
    expect(delivery).toMatchObject({
      id: sent.delivery_id,
      message_id: sent.message_id,
      event: 'webhook.test',
      status: 'delivered',
      attempts: 1,
      last_status: 204,
      next_attempt_at: null,
      failure_reason: null,
    });
  });

  it('retries a failing receiver with the same webhook-id until it answers 2xx', async () => {
    const target = await receiver();
    let calls = 0;
    target.respond((_received, response) => {
      calls += 1;
      response.statusCode = calls < 3 ? 500 : 200;
      response.end();
    });
    const id = await subscribe(acme, target);
    const sent = await sendTest(acme, id);
    const delivery = await settledDelivery(acme, id);
    expect(target.received.map((r) => r.id)).toEqual([
      sent.message_id,
      sent.message_id,
      sent.message_id,
    ]);
    expect(target.received.every((r) => r.verified)).toBe(true);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, last_status: 200 });
    // Exponential backoff: the second retry waited about twice the first.
    const [first, second, third] = target.received.map((r) => r.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(90);
    expect(third - second).toBeGreaterThanOrEqual(180);
  });

  it('gives up after the last attempt and records why', async () => {
    const target = await receiver();
    target.respond((_received, response) => {
      response.statusCode = 503;
      response.end();
    });
    const id = await subscribe(acme, target);
    await sendTest(acme, id);
    const delivery = await settledDelivery(acme, id);
    expect(target.received).toHaveLength(3);
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_status: 503,
      next_attempt_at: null,
      failure_reason: 'gave up after 3 attempts; last: HTTP 503',
    });
  });

  it('does not follow redirects', async () => {
    const target = await receiver();
    const elsewhere = await receiver();
    target.respond((_received, response) => {
      response.statusCode = 302;
      response.setHeader('location', elsewhere.url);
      response.end();
    });
    const id = await subscribe(acme, target);
    await sendTest(acme, id);
    const delivery = await settledDelivery(acme, id);
    expect(elsewhere.received).toHaveLength(0);
    expect(delivery).toMatchObject({ status: 'failed', last_status: 302 });
    expect(delivery.failure_reason).toMatch(/redirects are not followed/);
  });

  it('bounds each attempt in time', async () => {
    const target = await receiver();
    target.respond(() => {}); // never answers
    const id = await subscribe(acme, target);
    await sendTest(acme, id);
    const delivery = await settledDelivery(acme, id);
    expect(delivery.status).toBe('failed');
    expect(delivery.failure_reason).toBe('gave up after 3 attempts; last: no answer within 500 ms');
  });

  it('fans an alert out once to the subscriptions of its tenant that name its event', async () => {
    const quota = await receiver();
    const anomalies = await receiver();
    const foreign = await receiver();
    const quotaId = await subscribe(acme, quota, ['quota.threshold', 'agent.failures.spike']);
    await subscribe(acme, anomalies, ['anomaly.detected']);
    await subscribe(globex, foreign, ['quota.threshold']);
    const alert: Alert = {
      id: alertId('quota.threshold', acme.tenantId, ['agent', 'quota', '2026-11-25', '80']),
      tenantId: acme.tenantId,
      type: 'quota.threshold',
      occurredAt: new Date('2026-11-25T12:00:00.000Z'),
      data: { threshold: 80 },
    };
    const inserted = await withTransaction(ctx.runtime.pool, (client) =>
      recordAlerts(client, [alert, alert]),
    );
    expect(inserted).toBe(1);
    await waitFor('the alert', () => quota.received.length === 1);
    // The same occurrence again (a replayed batch, a rebuild) is already in the outbox.
    const again = await withTransaction(ctx.runtime.pool, (client) =>
      recordAlerts(client, [alert]),
    );
    expect(again).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(quota.received.map((r) => [r.id, r.verified, r.body.type])).toEqual([
      [alert.id, true, 'quota.threshold'],
    ]);
    expect(quota.received[0]?.body).toEqual({
      type: 'quota.threshold',
      timestamp: '2026-11-25T12:00:00.000Z',
      data: { threshold: 80 },
    });
    expect(anomalies.received).toEqual([]);
    expect(foreign.received).toEqual([]);
    const logged = await deliveries(acme, quotaId);
    expect(logged.items).toHaveLength(1);
    expect(logged.items[0]).toMatchObject({ message_id: alert.id, status: 'delivered' });
  });

  it('pages the delivery log with cursors only the server can mint', async () => {
    const target = await receiver();
    const id = await subscribe(acme, target);
    for (let i = 0; i < 3; i += 1) await sendTest(acme, id);
    await waitFor('three deliveries', () => target.received.length === 3);
    const first = await deliveries(acme, id, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await deliveries(acme, id, `?limit=2&cursor=${first.next_cursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    const ids = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(3);
    const forged = await http()
      .get(`/api/webhooks/${id}/deliveries?cursor=${first.next_cursor}x`)
      .auth(acme.adminToken, { type: 'bearer' });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('cursor');
    const foreign = await http()
      .get(`/api/webhooks/${id}/deliveries?limit=0`)
      .auth(acme.adminToken, { type: 'bearer' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('limit');
  });

  it('refuses a destination that now resolves to a private address, at delivery', async () => {
    const target = await receiver();
    const id = await subscribe(acme, target);
    // Marked as queued and not due, so the running worker leaves it to this test.
    const deliveryId = randomUUID();
    await ctx.runtime.pool.query(
      `INSERT INTO webhook_deliveries
         (delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
          queued_at, next_attempt_at)
       VALUES ($1, $2, $3, 'msg_rebinding', 'webhook.test', '{}', now(), now(),
               now() + interval '1 hour')`,
      [deliveryId, acme.tenantId, id],
    );
    const result = await deliverOnce(ctx.runtime, deliveryId, {
      allowPrivate: false,
      timeoutMs: 500,
      retry: { maxAttempts: 3, baseDelayMs: 100 },
      now: () => new Date(),
    });
    expect(result.outcome).toBe('failed');
    expect(target.received).toHaveLength(0);
    const row = await ctx.runtime.pool.query(
      'SELECT status, failure_reason FROM webhook_deliveries WHERE delivery_id = $1',
      [deliveryId],
    );
    expect(row.rows[0].status).toBe('failed');
    // The tenant reads a generic reason: neither the address DNS answered nor the agent's wording.
    expect(row.rows[0].failure_reason).toBe(
      'destination refused: the host does not resolve to a public address',
    );
    expect((result as { detail?: string }).detail).toMatch(/127\.0\.0\.1.*not allowed/);
  });

  it('records connection failures without addresses or ports', async () => {
    const target = await receiver();
    const id = await subscribe(acme, target);
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    await ctx.runtime.pool.query(
      'UPDATE webhook_endpoints SET url = $2 WHERE subscription_id = $1',
      [id, `http://127.0.0.1:${closedPort}/gone`],
    );
    const deliveryId = randomUUID();
    await ctx.runtime.pool.query(
      `INSERT INTO webhook_deliveries
         (delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
          queued_at, next_attempt_at)
       VALUES ($1, $2, $3, 'msg_refused', 'webhook.test', '{}', now(), now(),
               now() + interval '1 hour')`,
      [deliveryId, acme.tenantId, id],
    );
    const attempt = () =>
      deliverOnce(ctx.runtime, deliveryId, {
        allowPrivate: true,
        timeoutMs: 500,
        retry: { maxAttempts: 2, baseDelayMs: 100 },
        now: () => new Date(),
      });
    expect(await attempt()).toMatchObject({ outcome: 'retry', error: 'connection refused' });
    const retried = await ctx.runtime.pool.query(
      'SELECT last_error FROM webhook_deliveries WHERE delivery_id = $1',
      [deliveryId],
    );
    expect(retried.rows[0].last_error).toBe('connection refused');
    const failed = await attempt();
    expect(failed).toMatchObject({ outcome: 'failed' });
    expect((failed as { detail?: string }).detail).toMatch(/ECONNREFUSED/);
    const row = await ctx.runtime.pool.query(
      'SELECT failure_reason FROM webhook_deliveries WHERE delivery_id = $1',
      [deliveryId],
    );
    expect(row.rows[0].failure_reason).toBe('gave up after 2 attempts; last: connection refused');
    expect(row.rows[0].failure_reason).not.toMatch(/127\.0\.0\.1|ECONN|\d{4,5}/);
  });

  it('decides the last attempt from the stored count, not the queue job', async () => {
    const target = await receiver();
    target.respond((_received, response) => {
      response.statusCode = 503;
      response.end();
    });
    const id = await subscribe(acme, target);
    // Two attempts made before its job was lost; a new job starts counting at 0.
    const deliveryId = randomUUID();
    await ctx.runtime.pool.query(
      `INSERT INTO webhook_deliveries
         (delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
          queued_at, next_attempt_at, attempts, last_attempt_at)
       VALUES ($1, $2, $3, 'msg_counted', 'webhook.test', '{}', now(), now(),
               now() + interval '1 hour', 2, now() - interval '1 hour')`,
      [deliveryId, acme.tenantId, id],
    );
    const result = await deliverOnce(ctx.runtime, deliveryId, {
      allowPrivate: true,
      timeoutMs: 500,
      retry: { maxAttempts: 3, baseDelayMs: 100 },
      now: () => new Date(),
    });
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: 'gave up after 3 attempts; last: HTTP 503',
    });
  });

  it('queues again a delivery cut off mid-attempt whose job was lost', async () => {
    const target = await receiver();
    const id = await subscribe(acme, target);
    const insert = async (lastAttempt: string, queued: string) => {
      const deliveryId = randomUUID();
      // What startAttempt leaves: the attempt counted, no next attempt yet.
      await ctx.runtime.pool.query(
        `INSERT INTO webhook_deliveries
           (delivery_id, tenant_id, subscription_id, alert_id, event_type, data, occurred_at,
            queued_at, next_attempt_at, attempts, last_attempt_at)
         VALUES ($1, $2, $3, $4, 'webhook.test', '{}', now(), now() - $6::interval,
                 NULL, 1, now() - $5::interval)`,
        [deliveryId, acme.tenantId, id, `msg_${deliveryId}`, lastAttempt, queued],
      );
      return deliveryId;
    };
    const stranded = await insert('10 minutes', '10 minutes');
    const inFlight = await insert('1 second', '10 minutes');
    const due = await deliveriesToQueue(ctx.runtime.pool, 10_000, 60_000);
    expect(due).toContain(stranded);
    expect(due).not.toContain(inFlight);
    // The running dispatcher (lock of its own config) picks it up and it is delivered.
    await waitFor('the stranded delivery', () =>
      target.received.some((r) => r.id === `msg_${stranded}`),
    );
  });
});
