import type { Pool } from '../../db/pool.js';
import type { EventStore } from '../../eventstore/EventStore.js';
import { streamNames } from '../../events/streams.js';
import { foldEndpoint } from './endpointFold.js';
import { applyLoggedEndpoint, deleteEndpoint } from './webhookEndpoints.js';

export interface FollowDeps {
  eventStore: EventStore;
  pool: Pool;
  now: () => Date;
}

/**
 * Brings a subscription's row up to its stream (never backwards). Commands
 * call it after their append; the dispatcher and the delivery worker call it
 * for rows behind their stream (a command that stopped after its append).
 */
export async function syncEndpoint(
  deps: FollowDeps,
  tenantId: string,
  subscriptionId: string,
): Promise<void> {
  const events = await deps.eventStore.readStream(streamNames.webhook(tenantId, subscriptionId));
  const logged = foldEndpoint(events);
  if (!logged) return;
  await applyLoggedEndpoint(deps.pool, subscriptionId, logged, deps.now());
}

/** The stream's newest revision; -1 when it has no event. */
export async function headRevision(
  eventStore: EventStore,
  tenantId: string,
  subscriptionId: string,
): Promise<bigint> {
  const [last] = await eventStore.readStream(streamNames.webhook(tenantId, subscriptionId), {
    direction: 'backwards',
    maxCount: 1,
  });
  return last?.streamRevision ?? -1n;
}

// A row still pending this long after it was written either missed its sync
// (the command stopped after appending) or belongs to an append that never
// happened; after a day without an event it is dropped.
const settleAfter = "interval '10 seconds'";
const abandonAfterMs = 86_400_000;

/** Settles pending rows from their streams: activated, or dropped once clearly abandoned. */
export async function settlePendingEndpoints(deps: FollowDeps, limit = 100): Promise<number> {
  const { rows } = await deps.pool.query<{
    subscription_id: string;
    tenant_id: string;
    created_at: Date;
  }>(
    `SELECT subscription_id, tenant_id, created_at FROM webhook_endpoints
      WHERE revision < 0 AND created_at < now() - ${settleAfter}
      ORDER BY created_at LIMIT $1`,
    [limit],
  );
  for (const row of rows) {
    if ((await headRevision(deps.eventStore, row.tenant_id, row.subscription_id)) >= 0n) {
      await syncEndpoint(deps, row.tenant_id, row.subscription_id);
    } else if (deps.now().getTime() - row.created_at.getTime() > abandonAfterMs) {
      await deleteEndpoint(deps.pool, row.subscription_id);
    }
  }
  return rows.length;
}
