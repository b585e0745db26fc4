import type { PoolClient } from '../db/pool.js';
import type { GlobalPosition, RecordedEvent } from '../eventstore/EventStore.js';
import { advanceCheckpoint } from './checkpoints.js';
import { bumpTenantVersions } from './readModelVersions.js';
import { parkEvents, type ParkedEvent } from './parkedEvents.js';
import type { Projection } from './Projection.js';
import { decodeEvent, PoisonEventError, type ProjectedEvent } from './projectedEvent.js';

/** Where a batch lands: the live table and checkpoint, or a rebuild's shadow pair. */
export interface BatchTarget {
  table: string;
  checkpoint: string;
  /** Live batches move the tenants' read-model versions; a shadow is not read until its swap. */
  live: boolean;
}

export function liveTarget(projection: Projection): BatchTarget {
  return { table: projection.table, checkpoint: projection.name, live: true };
}

/** Serialises every writer of one checkpoint; taken per transaction. */
export async function lockCheckpoint(client: PoolClient, checkpoint: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `projection:${checkpoint}`,
  ]);
}

/** Splits a batch into events to fold and poison events to park. Pure. */
export function decodeBatch(
  projection: Projection,
  events: readonly RecordedEvent[],
  parkReason?: string,
): { decoded: ProjectedEvent[]; parked: ParkedEvent[] } {
  const decoded: ProjectedEvent[] = [];
  const parked: ParkedEvent[] = [];
  for (const event of events) {
    if (!projection.eventTypes.has(event.type as never)) continue;
    if (parkReason !== undefined) {
      parked.push({ event, error: parkReason, attempts: 2 });
      continue;
    }
    try {
      decoded.push(decodeEvent(event));
    } catch (error) {
      if (!(error instanceof PoisonEventError)) throw error;
      parked.push({ event, error: error.message, attempts: 1 });
    }
  }
  return { decoded, parked };
}

// The exactly-once step, inside the caller's transaction and lock: the
// checkpoint moves from `from` to the batch's last position, or nothing is
// written at all. A false return means another worker already moved it; the
// caller must roll back.
export async function applyBatch(
  client: PoolClient,
  projection: Projection,
  target: BatchTarget,
  from: GlobalPosition,
  events: readonly RecordedEvent[],
  parkReason?: string,
): Promise<{ moved: boolean; parked: ParkedEvent[] }> {
  const last = events.at(-1);
  if (!last) return { moved: true, parked: [] };
  const { decoded, parked } = decodeBatch(projection, events, parkReason);
  const moved = await advanceCheckpoint(
    client,
    target.checkpoint,
    from,
    last.position,
    events.length,
  );
  if (!moved) return { moved: false, parked: [] };
  await projection.apply(client, target.table, decoded);
  if (target.live) {
    await bumpTenantVersions(
      client,
      projection.name,
      decoded.map((event) => event.tenantId),
    );
  }
  await parkEvents(client, projection.name, parked);
  return { moved: true, parked };
}
