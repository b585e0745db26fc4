import type { PoolClient } from '../../db/pool.js';
import type { GlobalPosition, RecordedEvent } from '../../eventstore/EventStore.js';
import { advanceCheckpoint } from './checkpoints.js';
import { decodeEvents, shareOf, type DecodedEvent } from './decodedEvent.js';
import { parkEvents, type ParkedEvent } from './parkedEvents.js';
import type { Projection } from '../Projection.js';
import type { ProjectedEvent } from '../projectedEvent.js';
import { bumpTenantVersions } from './readModelVersions.js';

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

/** Decodes a batch for one projection. With a park reason nothing is decoded: all its events are parked. */
export function decodeFor(
  projection: Projection,
  events: readonly RecordedEvent[],
  parkReason?: string,
): DecodedEvent[] {
  if (parkReason !== undefined) return events.map((event) => ({ event }));
  return decodeEvents(events, (type) => projection.eventTypes.has(type as never));
}

/** Splits a batch into events to fold and poison events to park. Pure. */
export function decodeBatch(
  projection: Projection,
  events: readonly RecordedEvent[],
  parkReason?: string,
): { decoded: ProjectedEvent[]; parked: ParkedEvent[] } {
  return shareOf(projection, decodeFor(projection, events, parkReason), parkReason);
}

/** One projection's part of a batch, ready to write: what to park and how to write the rest. */
export interface PreparedShare {
  parked: ParkedEvent[];
  /** Tenants whose rows the write changes (duplicates allowed). */
  tenants: Iterable<string>;
  write(client: PoolClient, table: string): Promise<void>;
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
  events: readonly DecodedEvent[],
  parkReason?: string,
): Promise<{ moved: boolean; parked: ParkedEvent[] }> {
  const last = events.at(-1);
  if (!last) return { moved: true, parked: [] };
  const { decoded, parked } = shareOf(projection, events, parkReason);
  return applyPrepared(
    client,
    projection,
    target,
    { from, to: last.event.position },
    events.length,
    {
      parked,
      tenants: decoded.map((event) => event.tenantId),
      write: (writer, table) => projection.apply(writer, table, decoded),
    },
  );
}

/** applyBatch for a batch already decoded (and perhaps folded) elsewhere; `count` events from `from` to `to`. */
export async function applyPrepared(
  client: PoolClient,
  projection: Projection,
  target: BatchTarget,
  range: { from: GlobalPosition; to: GlobalPosition },
  count: number,
  share: PreparedShare,
): Promise<{ moved: boolean; parked: ParkedEvent[] }> {
  const moved = await advanceCheckpoint(client, target.checkpoint, range.from, range.to, count);
  if (!moved) return { moved: false, parked: [] };
  await share.write(client, target.table);
  if (target.live) await bumpTenantVersions(client, projection.name, share.tenants);
  await parkEvents(client, projection.name, share.parked);
  return { moved: true, parked: share.parked };
}
