import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { withTransaction } from '../../src/db/pool.js';
import { alertId, type Alert } from '../../src/webhooks/alerts/alert.js';
import { recordAlerts } from '../../src/webhooks/alerts/alertOutbox.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { spawnWorker, stop, type Child } from '../projections/support/childWorker.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/testDatabase.js';
import { waitFor } from '../support/waitFor.js';
import { startReceiver, type Receiver } from './support/receiver.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Worker processes (`npm run worker`) SIGKILLed while deliveries are in
// flight, and the receiver killed and restarted: every alert still arrives,
// and an id is only ever seen again as a retry of the same alert.
describe('webhook delivery through crashes', () => {
  let ctx: CommandApp;
  let receiver: Receiver;
  const workers: Child[] = [];

  beforeAll(async () => {
    ctx = await startCommandApp({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { allRoutes: true });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    for (const worker of workers) await stop(worker, 'SIGKILL');
    await receiver?.kill().catch(() => {});
    await ctx?.close();
  });

  it('delivers every alert with one webhook-id each, whatever dies', async () => {
    const tenant = await ctx.newTenant('Acme');
    const created = await request(ctx.app.callback())
      .post('/api/webhooks')
      .auth(tenant.adminToken, { type: 'bearer' })
      .send({ url: receiver.url, events: ['quota.threshold'] });
    expect(created.status).toBe(201);
    receiver.setSecret(created.body.secret as string);

    const env = {
      DATABASE_URL: ctx.runtime.config.DATABASE_URL,
      REDIS_URL: testRedisUrl(),
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('webhook-crash'),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_JOB_LOCK_MS: '1000',
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_MAX_ATTEMPTS: '20',
      WEBHOOK_TIMEOUT_MS: '3000',
      WEBHOOK_DISPATCH_INTERVAL_MS: '100',
      WEBHOOK_CONCURRENCY: '4',
      DATABASE_POOL_SIZE: '5',
      LOG_LEVEL: 'info',
    };
    const started = (child: Child) =>
      waitFor(
        'a worker to start delivering',
        () => child.output.join('').includes('webhook delivery worker started'),
        60000,
      );
    workers.push(spawnWorker(env), spawnWorker(env));
    await Promise.all(workers.map(started));

    // The receiver holds every request: deliveries stay in flight.
    const held: (() => void)[] = [];
    receiver.respond((_received, response) => {
      held.push(() => {
        response.statusCode = 204;
        response.end();
      });
    });
    const alerts: Alert[] = Array.from({ length: 24 }, (_, index) => ({
      id: alertId('quota.threshold', tenant.tenantId, ['crash', String(index)]),
      tenantId: tenant.tenantId,
      type: 'quota.threshold',
      occurredAt: new Date(),
      data: { index },
    }));
    await withTransaction(ctx.runtime.pool, (client) => recordAlerts(client, alerts));
    await waitFor('deliveries in flight', () => receiver.received.length >= 4, 30000);

    // Kill one worker mid-delivery, then the receiver with requests still open.
    await stop(workers[0] as Child, 'SIGKILL');
    await receiver.kill();
    held.length = 0;
    await sleep(1500);
    // Back, answering most requests and failing some.
    let answered = 0;
    receiver.respond((_received, response) => {
      answered += 1;
      response.statusCode = answered % 5 === 0 ? 500 : 204;
      response.end();
    });
    await receiver.restart();
    const replacement = spawnWorker(env);
    workers.push(replacement);
    // And the other original worker while the backlog drains.
    await waitFor('some deliveries to land', () => answered >= 6, 60000);
    await stop(workers[1] as Child, 'SIGKILL');

    await waitFor(
      'every alert to be delivered',
      async () => {
        const { rows } = await ctx.runtime.pool.query(
          `SELECT count(*) FILTER (WHERE status = 'delivered')::int AS n FROM webhook_deliveries`,
        );
        return rows[0].n === alerts.length;
      },
      90000,
      250,
    );

    const expectedIds = new Set(alerts.map((alert) => alert.id));
    const seen = receiver.received.map((entry) => entry.id);
    expect(new Set(seen)).toEqual(expectedIds);
    expect(receiver.received.every((entry) => entry.verified)).toBe(true);
    // Each receipt of an id carries that alert's own body: a retry, never another message.
    for (const entry of receiver.received) {
      const alert = alerts.find((candidate) => candidate.id === entry.id) as Alert;
      expect(entry.body.data).toEqual(alert.data);
    }
    expect(seen.length).toBeGreaterThan(alerts.length);

    const { rows } = await ctx.runtime.pool.query<{ alert_id: string; attempts: number }>(
      'SELECT alert_id, attempts FROM webhook_deliveries',
    );
    expect(rows).toHaveLength(alerts.length);
    for (const row of rows) {
      const receipts = seen.filter((id) => id === row.alert_id).length;
      expect({ id: row.alert_id, ok: row.attempts >= receipts }).toEqual({
        id: row.alert_id,
        ok: true,
      });
    }
    expect(rows.some((row) => row.attempts > 1)).toBe(true);
  }, 240000);
});
