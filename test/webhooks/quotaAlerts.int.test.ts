import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startProjectionProcess } from '../../src/app/startProjectionProcess.js';
import { startWebhookProcess } from '../../src/app/startWebhookProcess.js';
import { rebuildProjection } from '../../src/projections/rebuild/rebuildProjection.js';
import { quotaThresholdsProjection } from '../../src/readModels/quotaThresholds/projection.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { compareWithRawEvents } from '../projections/support/expectedTables.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { startReceiver, type Receiver } from './support/receiver.js';

// From the log to the receiver: tokens issued past 80 % and 100 % of an
// agent's quota are alerted once each, and a rebuild sends nothing again.
describe('quota.threshold webhooks', () => {
  let ctx: CommandApp;
  let workers: { close(): Promise<void> }[] = [];
  let receiver: Receiver;

  beforeAll(async () => {
    ctx = await startCommandApp({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { allRoutes: true });
    // Alerts are produced for periods still current, so the log runs on real time here.
    ctx.clock.set(new Date().toISOString());
    const config = {
      ...ctx.runtime.config,
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('quota-alerts'),
      PROJECTION_WAKE_INTERVAL_MS: 300,
      WEBHOOK_DISPATCH_INTERVAL_MS: 100,
      WEBHOOK_RETRY_BASE_MS: 100,
    };
    const runtime = { ...ctx.runtime, config };
    workers = [await startProjectionProcess(runtime), await startWebhookProcess(runtime)];
    receiver = await startReceiver();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await receiver?.kill();
    await ctx?.close();
  });

  it('alerts at 80 % and 100 % once, and a rebuild sends nothing again', async () => {
    const http = request(ctx.app.callback());
    const tenant = await ctx.newTenant('Acme');
    const admin = { type: 'bearer' as const };
    const subscribed = await http
      .post('/api/webhooks')
      .auth(tenant.adminToken, admin)
      .send({ url: receiver.url, events: ['quota.threshold'] });
    receiver.setSecret(subscribed.body.secret as string);
    const agent = await http
      .post('/api/agents')
      .auth(tenant.adminToken, admin)
      .send({ name: 'bot' });
    const agentId = agent.body.agent_id as string;
    const quota = await http
      .put(`/api/agents/${agentId}/quota`)
      .auth(tenant.adminToken, admin)
      .send({ limit: 5, period: 'day', mode: 'monitor' });
    expect(quota.status).toBe(200);
    for (let i = 0; i < 7; i += 1) {
      const token = await http.post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: agent.body.client_id,
        client_secret: agent.body.client_secret,
      });
      expect(token.status).toBe(200);
    }
    await waitFor('two alerts', () => receiver.received.length >= 2);
    await waitFor('projections', () => allCaughtUp(ctx.runtime.pool, ctx.runtime.eventStore));
    // Deliveries run concurrently: the two alerts may arrive in either order.
    const received = [...receiver.received].sort(
      (a, b) => Number(a.body.data.threshold) - Number(b.body.data.threshold),
    );
    const alerts = received.map((r) => [r.body.type, r.body.data.threshold, r.verified]);
    expect(alerts).toEqual([
      ['quota.threshold', 80, true],
      ['quota.threshold', 100, true],
    ]);
    expect(received[1]?.body.data).toEqual({
      agentId,
      threshold: 100,
      used: 5,
      limit: 5,
      period: 'day',
      mode: 'monitor',
      periodStart: `${ctx.clock.now().toISOString().slice(0, 10)}T00:00:00.000Z`,
    });
    const comparison = (await compareWithRawEvents(ctx.runtime.pool)).find(
      (c) => c.table === 'agent_quota_usage',
    );
    expect(comparison).toMatchObject({ actualRows: 1, differences: 0 });

    await rebuildProjection(
      { pool: ctx.runtime.pool, eventStore: ctx.runtime.eventStore, logger: ctx.runtime.logger },
      quotaThresholdsProjection,
      { batchSize: 2, lockTimeoutMs: 2000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(2);
    const outbox = await ctx.runtime.pool.query(
      'SELECT count(*)::int AS alerts, (SELECT count(*)::int FROM webhook_deliveries) AS deliveries FROM webhook_alerts',
    );
    expect(outbox.rows[0]).toEqual({ alerts: 2, deliveries: 2 });
    const rebuilt = (await compareWithRawEvents(ctx.runtime.pool)).find(
      (c) => c.table === 'agent_quota_usage',
    );
    expect(rebuilt).toMatchObject({ actualRows: 1, differences: 0 });
  });
});
