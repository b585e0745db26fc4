import type { Pool } from '../../db/pool.js';
import { comparePositions, type EventStore } from '../../eventstore/EventStore.js';
import { readCheckpoints } from '../runner/checkpoints.js';
import { countParkedEvents } from '../runner/parkedEvents.js';

export interface ProjectionLag {
  projection: string;
  checkpoint: { commit: string; prepare: string };
  head: { commit: string; prepare: string };
  /** Events after the checkpoint, counted up to the scan limit. */
  eventsBehind: number;
  /** True when more events are behind than were counted. */
  eventsBehindAtLeast: boolean;
  /** Age of the oldest event not yet projected (recorded-at), 0 when caught up. */
  secondsBehind: number;
  eventsProcessed: number;
  parkedEvents: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

const text = (p: { commit: bigint; prepare: bigint }) => ({
  commit: p.commit.toString(),
  prepare: p.prepare.toString(),
});

// One read of the log after the lowest checkpoint serves every projection;
// the scan limit bounds the cost of a scrape when a projection is far behind.
export async function measureLag(
  deps: { pool: Pool; eventStore: EventStore },
  projectionNames: readonly string[],
  options: { now: Date; scanLimit?: number },
): Promise<ProjectionLag[]> {
  if (projectionNames.length === 0) return [];
  const scanLimit = options.scanLimit ?? 5000;
  const [checkpoints, head, parked] = await Promise.all([
    readCheckpoints(deps.pool, projectionNames),
    deps.eventStore.headPosition(),
    countParkedEvents(deps.pool),
  ]);
  const lowest = checkpoints
    .map((c) => c.position)
    .reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
  const pending = await deps.eventStore.readAll({ from: lowest, maxCount: scanLimit });
  return checkpoints.map((checkpoint) => {
    const behind = pending.filter((e) => comparePositions(e.position, checkpoint.position) > 0);
    const oldest = behind[0];
    return {
      projection: checkpoint.projection,
      checkpoint: text(checkpoint.position),
      head: text(head),
      eventsBehind: behind.length,
      eventsBehindAtLeast: pending.length === scanLimit,
      secondsBehind: oldest
        ? Math.max(0, (options.now.getTime() - oldest.recordedAt.getTime()) / 1000)
        : 0,
      eventsProcessed: checkpoint.eventsProcessed,
      parkedEvents: parked.get(checkpoint.projection) ?? 0,
      lastError: checkpoint.lastError,
      lastErrorAt: checkpoint.lastErrorAt?.toISOString() ?? null,
    };
  });
}
