import { withTransaction } from '../../db/pool.js';
import type { GlobalPosition, RecordedEvent } from '../../eventstore/EventStore.js';
import { decodeEvents, handledByAny, shareOf } from './decodedEvent.js';
import { eventsAfter } from './liveGroup.js';
import { moveGroup } from './groupMove.js';
import type { ParkedEvent } from './parkedEvents.js';
import { preparingClient } from './preparedStatements.js';
import type { ProjectionDeps } from './processNextBatch.js';
import type { Projection } from '../Projection.js';

/** A projection of the group and the live checkpoint its share of the page starts after. */
export interface GroupMember {
  projection: Projection;
  from: GlobalPosition;
}

// applyBatch for every projection of the group in one transaction, from one
// read of the log: each live checkpoint moves by its own compare-and-set, and
// only the projections whose checkpoint moved write their rows, so each stays
// exactly-once on its own. What does not depend on a projection is one
// statement for the whole group: the locks, then the checkpoints moved with
// their read-model versions and parked events (groupMove.ts).
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
  const owns = shares.map((share) => ({ share, own: shareOf(share.projection, share.events) }));
  const result = await withTransaction(deps.pool, async (connection) => {
    const client = preparingClient(connection);
    const moved = await moveGroup(
      client,
      owns.map(({ share, own }) => ({
        name: share.projection.name,
        expected: share.from,
        next: last.position,
        eventCount: share.events.length,
        tenants: own.decoded.map((event) => event.tenantId),
        parked: own.parked,
      })),
      lockTimeoutMs,
    );
    const parked: (ParkedEvent & { projection: string })[] = [];
    for (const { share, own } of owns) {
      const { name } = share.projection;
      // Not moved: another worker applied this share already.
      if (!moved.has(name)) continue;
      if (own.decoded.length > 0) {
        await share.projection.apply(client, share.projection.table, own.decoded);
      }
      parked.push(...own.parked.map((p) => ({ projection: name, ...p })));
    }
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
