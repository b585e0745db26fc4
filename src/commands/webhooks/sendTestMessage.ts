import { randomBytes } from 'node:crypto';
import { webhookTestEventType } from '../../contract.js';
import { NotFoundError } from '../../errors.js';
import { insertDirectDelivery } from '../../webhooks/delivery/deliveries.js';
import { findEndpoint } from '../../webhooks/subscriptions/webhookEndpoints.js';
import type { CommandDeps } from '../commandDeps.js';

/** Queues a `webhook.test` message to one of the tenant's active subscriptions. */
export async function sendTestMessage(
  deps: CommandDeps,
  input: { tenantId: string; subscriptionId: string },
): Promise<{ deliveryId: string; messageId: string }> {
  const endpoint = await findEndpoint(deps.pool, input.tenantId, input.subscriptionId);
  if (!endpoint?.active) throw new NotFoundError('No such webhook subscription');
  const messageId = `msg_${randomBytes(16).toString('base64url')}`;
  const deliveryId = await insertDirectDelivery(deps.pool, {
    tenantId: input.tenantId,
    subscriptionId: input.subscriptionId,
    alertId: messageId,
    eventType: webhookTestEventType,
    data: { subscriptionId: input.subscriptionId },
    occurredAt: deps.clock.now(),
  });
  return { deliveryId, messageId };
}
