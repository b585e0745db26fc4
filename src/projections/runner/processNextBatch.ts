import { withTransaction, type Pool } from '../../db/pool.js';
import type { EventStore, GlobalPosition, RecordedEvent } from '../../eventstore/EventStore.js';
import type { Logger } from '../../logger.js';
import { applyBatch, decodeFor, lockCheckpoint, type BatchTarget } from './applyBatch.js';
import { readCheckpoint } from './checkpoints.js';
import type { ParkedEvent } from './parkedEvents.js';
import { preparingClient } from './preparedStatements.js';
import type { Projection } from '../Projection.js';

export interface ProjectionDeps {
  pool: Pool;
  eventStore: EventStore;
  logger: Logger;
}

export interface BatchOutcome {
  /** Events read after the checkpoint (all types). */
  read: number;
  /** False when another worker moved the checkpoint first; nothing was written. */
  moved: boolean;
  parked: ParkedEvent[];
}

class CheckpointMoved extends Error {
  constructor() {
    super('checkpoint moved by another worker');
    this.name = 'CheckpointMoved';
  }
}

export interface BatchOptions {
  target: BatchTarget;
  batchSize: number;
  /** Waits for row and advisory locks give up after this long and the batch is retried. */
  lockTimeoutMs: number;
  /**
   * Park this event with this error instead of applying it, when it is still
   * the next event after the checkpoint. Another worker or a rebuild's swap
   * may have moved the checkpoint since the failure; then the batch is applied
   * as usual and the failure is forgotten.
   */
  park?: { eventId: string; reason: string };
  /** Called with the checkpoint the batch starts from, before reading. */
  onStart?: (from: GlobalPosition) => void;
  /** Called with the events read, before they are applied. */
  onRead?: (events: readonly RecordedEvent[]) => void;
}

export async function processNextBatch(
  deps: ProjectionDeps,
  projection: Projection,
  options: BatchOptions,
): Promise<BatchOutcome> {
  const { target } = options;
  const checkpoint = await readCheckpoint(deps.pool, target.checkpoint);
  options.onStart?.(checkpoint.position);
  const events = await deps.eventStore.readAll({
    from: checkpoint.position,
    maxCount: options.batchSize,
  });
  if (events.length === 0) return { read: 0, moved: true, parked: [] };
  options.onRead?.(events);
  const parkReason =
    options.park && events.length === 1 && events[0]?.id === options.park.eventId
      ? options.park.reason
      : undefined;
  const decoded = decodeFor(projection, events, parkReason);
  let parked: ParkedEvent[];
  try {
    parked = await withTransaction(deps.pool, async (connection) => {
      // A rebuild's shadow tables come and go: only live statements are prepared.
      const client = target.live ? preparingClient(connection) : connection;
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [
        `${options.lockTimeoutMs}ms`,
      ]);
      await lockCheckpoint(client, target.checkpoint);
      const result = await applyBatch(
        client,
        projection,
        target,
        checkpoint.position,
        decoded,
        parkReason,
      );
      if (!result.moved) throw new CheckpointMoved();
      return result.parked;
    });
  } catch (error) {
    if (error instanceof CheckpointMoved) return { read: events.length, moved: false, parked: [] };
    throw error;
  }
  for (const { event, error } of parked) {
    deps.logger.error(
      { projection: projection.name, eventId: event.id, eventType: event.type, error },
      'poison event parked',
    );
  }
  return { read: events.length, moved: true, parked };
}
