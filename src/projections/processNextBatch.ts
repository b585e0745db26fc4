import { withTransaction, type Pool } from '../db/pool.js';
import type { EventStore } from '../eventstore/EventStore.js';
import type { Logger } from '../logger.js';
import { applyBatch, decodeFor, lockCheckpoint, type BatchTarget } from './applyBatch.js';
import { readCheckpoint } from './checkpoints.js';
import type { ParkedEvent } from './parkedEvents.js';
import type { Projection } from './Projection.js';

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
  /** Park every handled event of the batch with this error instead of applying it. */
  parkReason?: string;
}

export async function processNextBatch(
  deps: ProjectionDeps,
  projection: Projection,
  options: BatchOptions,
): Promise<BatchOutcome> {
  const { target } = options;
  const checkpoint = await readCheckpoint(deps.pool, target.checkpoint);
  const events = await deps.eventStore.readAll({
    from: checkpoint.position,
    maxCount: options.batchSize,
  });
  if (events.length === 0) return { read: 0, moved: true, parked: [] };
  const decoded = decodeFor(projection, events, options.parkReason);
  let parked: ParkedEvent[];
  try {
    parked = await withTransaction(deps.pool, async (client) => {
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
        options.parkReason,
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
