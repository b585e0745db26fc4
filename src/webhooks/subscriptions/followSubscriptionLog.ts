import type { Pool } from '../../db/pool.js';
import type { EventStore } from '../../eventstore/EventStore.js';
import { streamNames } from '../../events/streams.js';
import { deleteFollowUps } from '../../followUps/followUpRecords.js';
import { foldEndpoint } from './endpointFold.js';
import { applyLoggedEndpoint, dropAbandonedEndpoint } from './webhookEndpoints.js';

export interface FollowDeps {
  eventStore: EventStore;
  pool: Pool;
  now: () => Date;
}

/**
 * Brings a subscription's row up to its stream (never backwards). Commands
 * call it after their append; the dispatcher, the delivery worker and the
 * follow-up sweep call it for rows behind their stream (a command that
 * stopped after its append).
 */
export function syncEndpoint(
  deps: FollowDeps,
  tenantId: string,
  subscriptionId: string,
): Promise<void> {
  return followEndpointStream(deps, subscriptionId, streamNames.webhook(tenantId, subscriptionId));
}

/** syncEndpoint given the subscription's stream; the row then follows every event read. */
export async function followEndpointStream(
  deps: FollowDeps,
  subscriptionId: string,
  streamName: string,
): Promise<void> {
  const events = await deps.eventStore.readStream(streamName);
  const logged = foldEndpoint(events);
  if (!logged) return;
  await applyLoggedEndpoint(deps.pool, subscriptionId, logged, deps.now());
  await deleteFollowUps(
    deps.pool,
    events.map((event) => event.id),
  );
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

// A row still pending this long after the database inserted it either missed
// its sync (the command stopped after appending) or belongs to an append that
// never happened; after a day without an event it is dropped. Both ages are
// the database's: the row's created_at is the command's clock, which need not
// agree with it.
const settleAfter = "interval '10 seconds'";

/** Settles pending rows from their streams: activated, or dropped once clearly abandoned. */
export async function settlePendingEndpoints(deps: FollowDeps, limit = 100): Promise<number> {
  const { rows } = await deps.pool.query<{ subscription_id: string; tenant_id: string }>(
    `SELECT subscription_id, tenant_id FROM webhook_endpoints
      WHERE revision < 0 AND updated_at < now() - ${settleAfter}
      ORDER BY updated_at LIMIT $1`,
    [limit],
  );
  for (const row of rows) {
    if ((await headRevision(deps.eventStore, row.tenant_id, row.subscription_id)) >= 0n) {
      await syncEndpoint(deps, row.tenant_id, row.subscription_id);
    } else {
      await dropAbandonedEndpoint(deps.pool, row.subscription_id);
    }
  }
  return rows.length;
}
