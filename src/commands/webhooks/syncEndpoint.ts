import { syncEndpoint as followLog } from '../../webhooks/subscriptions/followSubscriptionLog.js';
import type { CommandDeps } from '../commandDeps.js';

/** Brings the subscription's row up to its stream; every command calls it after its append. */
export function syncEndpoint(
  deps: CommandDeps,
  tenantId: string,
  subscriptionId: string,
): Promise<void> {
  return followLog(
    { eventStore: deps.eventStore, pool: deps.pool, now: () => deps.clock.now() },
    tenantId,
    subscriptionId,
  );
}
