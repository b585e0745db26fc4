import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '../../contract.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { streamNames } from '../../events/streams.js';
import type { Logger } from '../../logger.js';
import {
  assertPublicDestination,
  DestinationRefused,
  type Resolve,
} from '../../webhooks/subscriptions/destinationGuard.js';
import {
  deleteEndpoint,
  insertPendingEndpoint,
} from '../../webhooks/subscriptions/webhookEndpoints.js';
import { newWebhookSecret } from '../../webhooks/subscriptions/webhookSecret.js';
import { appendWithOutcome } from '../appendOutcome.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { handleCommand } from '../handleCommand.js';
import { webhookDecider } from './decideWebhook.js';
import { syncEndpoint } from './syncEndpoint.js';

export interface SubscribeWebhookInput {
  tenantId: string;
  url: string;
  events: readonly WebhookEventType[];
  origin: CommandOrigin;
}

export interface DestinationPolicy {
  allowPrivate: boolean;
  resolve?: Resolve;
  /** Active subscriptions one tenant may hold. */
  maxSubscriptions: number;
  /** Where a refused destination's detail goes (the tenant gets a generic reason). */
  logger?: Logger;
}

export interface SubscribedWebhook {
  subscriptionId: string;
  url: string;
  events: WebhookEventType[];
  createdAt: Date;
  /** Returned once, here; the log never holds it. */
  secret: string;
}

// The destination is checked first (a refused URL changes nothing). The row
// holding the secret goes in before the append, inactive; the event activates
// it, and a failed append removes it again, as for client credentials.
export async function subscribeWebhook(
  deps: CommandDeps,
  policy: DestinationPolicy,
  input: SubscribeWebhookInput,
): Promise<SubscribedWebhook> {
  try {
    await assertPublicDestination(input.url, policy);
  } catch (error) {
    if (error instanceof DestinationRefused) {
      policy.logger?.info(
        { tenantId: input.tenantId, detail: error.detail },
        'webhook destination refused',
      );
      throw new ValidationError([{ field: 'url', message: error.reason }]);
    }
    throw error;
  }
  const subscriptionId = randomUUID();
  const secret = newWebhookSecret();
  const streamName = streamNames.webhook(input.tenantId, subscriptionId);
  const events = [...new Set(input.events)];
  const now = deps.clock.now();
  const result = await handleCommand(
    webhookDecider,
    { type: 'SubscribeWebhook', tenantId: input.tenantId, subscriptionId, url: input.url, events },
    {
      ...deps,
      streamName,
      tenantId: input.tenantId,
      origin: input.origin,
      newStream: true,
      append: async ({ newEvents, expectedRevision }) => {
        const pending = await insertPendingEndpoint(
          deps.pool,
          { subscriptionId, tenantId: input.tenantId, url: input.url, events, secret },
          now,
          policy.maxSubscriptions,
        );
        if (!pending.inserted) {
          throw new ConflictError(
            `The tenant already has ${policy.maxSubscriptions} webhook subscriptions, the most allowed; remove one it no longer needs (DELETE /api/webhooks/{id}) or subscribe an existing one to more events`,
          );
        }
        const outcome = await appendWithOutcome(
          deps.eventStore,
          streamName,
          newEvents,
          expectedRevision,
        );
        if (outcome.appended === true) return outcome.revision;
        if (outcome.appended === false) {
          await deleteEndpoint(deps.pool, subscriptionId).catch(() => {});
        }
        throw outcome.error;
      },
    },
  );
  await syncEndpoint(deps, input.tenantId, subscriptionId);
  const state = result.state as { url: string; events: WebhookEventType[] };
  return { subscriptionId, url: state.url, events: state.events, createdAt: now, secret };
}
