import { streamNames } from '../../events/streams.js';
import { foldEndpoint } from '../../webhooks/subscriptions/endpointFold.js';
import { applyLoggedEndpoint } from '../../webhooks/subscriptions/webhookEndpoints.js';
import type { CommandDeps } from '../commandDeps.js';

/** Brings the subscription's row up to its stream (never backwards); every command calls it after its append. */
export async function syncEndpoint(
  deps: CommandDeps,
  tenantId: string,
  subscriptionId: string,
): Promise<void> {
  const events = await deps.eventStore.readStream(streamNames.webhook(tenantId, subscriptionId));
  const logged = foldEndpoint(events);
  if (!logged) return;
  await applyLoggedEndpoint(deps.pool, subscriptionId, logged, deps.clock.now());
}
