import { withTransaction } from '../../db/pool.js';
import type { GlobalPosition, RecordedEvent } from '../../eventstore/EventStore.js';
import { advanceCheckpoints } from './checkpoints.js';
import { decodeEvents, handledByAny, shareOf } from './decodedEvent.js';
import { eventsAfter } from './liveGroup.js';
import { parkEventsOf, type ParkedEvent } from './parkedEvents.js';
import type { ProjectionDeps } from './processNextBatch.js';
import type { Projection } from '../Projection.js';
import { bumpTenantVersionsOf } from './readModelVersions.js';

/** A projection of the group and the live checkpoint its share of the page starts after. */
export interface GroupMember {
  projection: Projection;
  from: GlobalPosition;
}

// applyBatch for every projection of the group in one transaction, from one
// read of the log: each live checkpoint moves by its own compare-and-set, and
// only the projections whose checkpoint moved write their rows, so each stays
// exactly-once on its own. The statements that do not depend on a projection
// (locks, checkpoints, versions, parking) are one each for the whole group.
export async function applyTogether(
  deps: ProjectionDeps,
  members: readonly GroupMember[],
  page: readonly RecordedEvent[],
  lockTimeoutMs: number,
): Promise<{ moved: string[]; parked: (ParkedEvent & { projection: string })[] }> {
  const last = page.at(-1);
  if (!last) return { moved: [], parked: [] };
  const decoded = decodeEvents(page, handledByAny(members.map((m) => m.projection)));
  const shares = members
    .map((member) => ({ ...member, events: eventsAfter(decoded, member.from) }))
    .filter((share) => share.events.length > 0);
  if (shares.length === 0) return { moved: [], parked: [] };
  // The same advisory keys as lockCheckpoint, taken in one order by every group.
  const keys = shares.map((share) => `projection:${share.projection.name}`).sort();
  const result = await withTransaction(deps.pool, async (client) => {
    await client.query(
      `SELECT set_config('lock_timeout', $1, true),
              count(pg_advisory_xact_lock(hashtextextended(key, 0)))
         FROM (SELECT key FROM unnest($2::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n) AS o`,
      [`${lockTimeoutMs}ms`, keys],
    );
    const moved = await advanceCheckpoints(
      client,
      shares.map((share) => ({
        name: share.projection.name,
        expected: share.from,
        next: last.position,
        eventCount: share.events.length,
      })),
    );
    const written = new Map<string, string[]>();
    const parked: (ParkedEvent & { projection: string })[] = [];
    for (const share of shares) {
      const { name } = share.projection;
      // Not moved: another worker applied this share already.
      if (!moved.has(name)) continue;
      const own = shareOf(share.projection, share.events);
      if (own.decoded.length > 0) {
        await share.projection.apply(client, share.projection.table, own.decoded);
      }
      written.set(
        name,
        own.decoded.map((event) => event.tenantId),
      );
      parked.push(...own.parked.map((p) => ({ projection: name, ...p })));
    }
    await bumpTenantVersionsOf(client, written);
    await parkEventsOf(client, parked);
    return { moved: [...moved], parked };
  });
  for (const { projection, event, error } of result.parked) {
    deps.logger.error(
      { projection, eventId: event.id, eventType: event.type, error },
      'poison event parked',
    );
  }
  return result;
}
