import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startWebhookProcess, type WebhookProcess } from '../../src/app/startWebhookProcess.js';
import { withTransaction } from '../../src/db/pool.js';
import type { DomainEventData } from '../../src/events/schemas.js';
import { streamNames } from '../../src/events/streams.js';
import { alertId } from '../../src/webhooks/alerts/alert.js';
import { recordAlerts } from '../../src/webhooks/alerts/alertOutbox.js';
import { insertPendingEndpoint } from '../../src/webhooks/subscriptions/webhookEndpoints.js';
import { newWebhookSecret } from '../../src/webhooks/subscriptions/webhookSecret.js';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import { waitFor } from '../support/waitFor.js';
import { startReceiver, type Receiver } from './support/receiver.js';

// The subscriptions table follows the log after a command stopped between its
// append and its sync: the worker side brings rows up to their streams.
describe('webhook subscriptions follow the log', () => {
  let ctx: CommandApp;
  let webhooks: WebhookProcess;
  let receiver: Receiver;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;

  const append = (subscriptionId: string, event: DomainEventData) =>
    ctx.runtime.eventStore.appendToStream(streamNames.webhook(tenant.tenantId, subscriptionId), [
      {
        ...event,
        metadata: {
          tenantId: tenant.tenantId,
          occurredAt: new Date().toISOString(),
          actor: { type: 'admin', id: tenant.adminClientId },
          correlationId: randomUUID(),
          causationId: null,
        },
      },
    ]);
  const row = async (subscriptionId: string) =>
    (
      await ctx.runtime.pool.query(
        'SELECT active, revision::int FROM webhook_endpoints WHERE subscription_id = $1',
        [subscriptionId],
      )
    ).rows[0] as { active: boolean; revision: number } | undefined;

  beforeAll(async () => {
    ctx = await startCommandApp({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { allRoutes: true });
    webhooks = await startWebhookProcess({
      ...ctx.runtime,
      config: {
        ...ctx.runtime.config,
        PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('webhook-follow'),
        WEBHOOK_DISPATCH_INTERVAL_MS: 100,
        WEBHOOK_RETRY_BASE_MS: 100,
      },
    });
    receiver = await startReceiver();
    tenant = await ctx.newTenant('Acme');
  });

  afterAll(async () => {
    await webhooks?.close();
    await receiver?.kill();
    await ctx?.close();
  });

  it('activates a subscription whose command stopped after appending, and delivers to it', async () => {
    const subscriptionId = randomUUID();
    const secret = newWebhookSecret();
    receiver.setSecret(secret);
    await insertPendingEndpoint(
      ctx.runtime.pool,
      {
        subscriptionId,
        tenantId: tenant.tenantId,
        url: receiver.url,
        events: ['quota.threshold'],
        secret,
      },
      new Date(Date.now() - 60_000),
      20,
    );
    await append(subscriptionId, {
      type: 'WebhookSubscribed',
      data: {
        tenantId: tenant.tenantId,
        subscriptionId,
        url: receiver.url,
        events: ['quota.threshold'],
      },
    });
    await waitFor(
      'the row to follow its stream',
      async () => (await row(subscriptionId))?.active === true,
    );
    expect(await row(subscriptionId)).toEqual({ active: true, revision: 0 });
    const id = alertId('quota.threshold', tenant.tenantId, ['follow']);
    await withTransaction(ctx.runtime.pool, (client) =>
      recordAlerts(client, [
        {
          id,
          tenantId: tenant.tenantId,
          type: 'quota.threshold',
          occurredAt: new Date(),
          data: {},
        },
      ]),
    );
    await waitFor('the alert', () => receiver.received.length === 1);
    expect(receiver.received[0]).toMatchObject({ id, verified: true });
  });

  it('sends nothing to a subscription removed by a command that stopped after appending', async () => {
    const created = await request(ctx.app.callback())
      .post('/api/webhooks')
      .auth(tenant.adminToken, { type: 'bearer' })
      .send({ url: receiver.url, events: ['anomaly.detected'] });
    const subscriptionId = created.body.id as string;
    await append(subscriptionId, {
      type: 'WebhookUnsubscribed',
      data: { tenantId: tenant.tenantId, subscriptionId },
    });
    expect(await row(subscriptionId)).toEqual({ active: true, revision: 0 });
    const before = receiver.received.length;
    const sent = await request(ctx.app.callback())
      .post(`/api/webhooks/${subscriptionId}/test`)
      .auth(tenant.adminToken, { type: 'bearer' });
    expect(sent.status).toBe(202);
    await waitFor('the delivery to settle', async () => {
      const { rows } = await ctx.runtime.pool.query(
        'SELECT status, failure_reason FROM webhook_deliveries WHERE delivery_id = $1',
        [sent.body.delivery_id],
      );
      return rows[0].status === 'failed';
    });
    expect(receiver.received.length).toBe(before);
    expect(await row(subscriptionId)).toEqual({ active: false, revision: 1 });
  });

  const insertPending = async (stampedAt: Date) => {
    const subscriptionId = randomUUID();
    await insertPendingEndpoint(
      ctx.runtime.pool,
      {
        subscriptionId,
        tenantId: tenant.tenantId,
        url: receiver.url,
        events: ['quota.threshold'],
        secret: newWebhookSecret(),
      },
      stampedAt,
      20,
    );
    return subscriptionId;
  };

  it('keeps the pending row of a command in flight whatever its clock says', async () => {
    // A command whose clock is days behind the database's (a fixed test
    // clock, a skewed host) inserts its row, then appends: the dispatcher's
    // passes meanwhile must not take it for abandoned.
    const subscriptionId = await insertPending(new Date(Date.now() - 7 * 86_400_000));
    await ctx.runtime.pool.query(
      "UPDATE webhook_endpoints SET updated_at = now() - interval '11 seconds' WHERE subscription_id = $1",
      [subscriptionId],
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await row(subscriptionId)).toEqual({ active: false, revision: -1 });
  });

  it('drops a pending row whose append never happened, a day after it was inserted', async () => {
    const subscriptionId = await insertPending(new Date());
    await ctx.runtime.pool.query(
      "UPDATE webhook_endpoints SET updated_at = now() - interval '25 hours' WHERE subscription_id = $1",
      [subscriptionId],
    );
    await waitFor('the abandoned row to go', async () => (await row(subscriptionId)) === undefined);
  });
});
