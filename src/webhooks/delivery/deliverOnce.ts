import type { Pool } from '../../db/pool.js';
import type { EventStore } from '../../eventstore/EventStore.js';
import { headRevision, syncEndpoint } from '../subscriptions/followSubscriptionLog.js';
import { findDeliveryTarget, type DeliveryTarget } from '../subscriptions/webhookEndpoints.js';
import { findDelivery, markDelivered, markFailed, markRetry, startAttempt } from './deliveries.js';
import { retryDelayMs, type RetryPolicy } from './deliveryQueue.js';
import { connectionFailure, DeliveryError, postWebhook, type PostOptions } from './postWebhook.js';
import { messageBody, signMessage } from './signedMessage.js';

/** `detail` (for the server's log only) says more than the reason the tenant sees. */
export type AttemptResult =
  | { outcome: 'done' }
  | { outcome: 'retry'; error: string; detail?: string }
  | { outcome: 'failed'; reason: string; detail?: string };

export interface AttemptOptions extends PostOptions {
  retry: RetryPolicy;
  now: () => Date;
}

export interface DeliveryDeps {
  pool: Pool;
  eventStore: EventStore;
}

// The subscription as its stream says now: a row behind its stream (an
// unsubscribe that stopped after its append) is brought up to it first, so a
// removed subscription is never sent to.
async function currentTarget(
  deps: DeliveryDeps,
  subscriptionId: string,
  now: () => Date,
): Promise<DeliveryTarget | undefined> {
  const target = await findDeliveryTarget(deps.pool, subscriptionId);
  if (!target) return undefined;
  const head = await headRevision(deps.eventStore, target.tenantId, subscriptionId);
  if (head <= target.revision) return target;
  await syncEndpoint({ ...deps, now }, target.tenantId, subscriptionId);
  return findDeliveryTarget(deps.pool, subscriptionId);
}

/**
 * One attempt at one delivery: counted first, then signed and sent with the
 * alert's id as `webhook-id`. A 2xx delivers it; anything else schedules the
 * next attempt, or on the last one marks it failed with the reason. Which
 * attempt is the last is decided by the stored count, not by the queue's job:
 * a job lost and queued again starts its own count afresh. A
 * delivery no longer pending (delivered, failed) is left alone, so a repeated
 * job sends nothing.
 */
export async function deliverOnce(
  deps: DeliveryDeps,
  deliveryId: string,
  options: AttemptOptions,
): Promise<AttemptResult> {
  const { pool } = deps;
  const delivery = await findDelivery(pool, deliveryId);
  if (!delivery || delivery.status !== 'pending') return { outcome: 'done' };
  const target = await currentTarget(deps, delivery.subscriptionId, options.now);
  if (!target?.active) {
    const reason = 'the subscription was removed';
    await markFailed(pool, deliveryId, { status: null, reason });
    return { outcome: 'failed', reason };
  }
  const attempt = await startAttempt(pool, deliveryId);
  if (attempt === 0) return { outcome: 'done' };
  const message = signMessage(target.secret, {
    id: delivery.alertId,
    body: messageBody(delivery),
    at: options.now(),
  });
  let status: number | null = null;
  let error: string;
  let detail: string | undefined;
  try {
    status = await postWebhook(target.url, message, options);
    if (status >= 200 && status < 300) {
      await markDelivered(pool, deliveryId, status);
      return { outcome: 'done' };
    }
    error =
      status >= 300 && status < 400
        ? `HTTP ${status}: redirects are not followed`
        : `HTTP ${status}`;
  } catch (thrown) {
    const failure = thrown instanceof DeliveryError ? thrown : connectionFailure(thrown as Error);
    error = failure.message;
    detail = failure.detail;
    if (failure.refused) {
      await markFailed(pool, deliveryId, { status: null, reason: error });
      return { outcome: 'failed', reason: error, detail };
    }
  }
  if (attempt >= options.retry.maxAttempts) {
    const reason = `gave up after ${attempt} attempts; last: ${error}`;
    await markFailed(pool, deliveryId, { status, reason });
    return { outcome: 'failed', reason, ...(detail !== undefined ? { detail } : {}) };
  }
  const nextAttemptAt = new Date(options.now().getTime() + retryDelayMs(options.retry, attempt));
  await markRetry(pool, deliveryId, { status, error, nextAttemptAt });
  return { outcome: 'retry', error, ...(detail !== undefined ? { detail } : {}) };
}
