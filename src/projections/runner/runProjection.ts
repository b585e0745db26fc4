import type { GlobalPosition } from '../../eventstore/EventStore.js';
import type { BatchTarget } from './applyBatch.js';
import { processNextBatch, type BatchOutcome, type ProjectionDeps } from './processNextBatch.js';
import type { Projection } from '../Projection.js';

export interface RunOptions {
  target: BatchTarget;
  batchSize: number;
  lockTimeoutMs: number;
  /** Checked between batches: a stopping worker finishes its batch, then returns. */
  shouldStop?: () => boolean;
  onBatch?: (outcome: BatchOutcome) => void;
  /** Called before an error leaves the run, with the checkpoint its batch started from. */
  onError?: (error: unknown, at: GlobalPosition) => Promise<void>;
}

/** Postgres data and constraint errors (classes 22, 23): the same rows fail the same way again. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

// Runs batches until the projection has caught up. A write that fails with a
// data error is narrowed to single events; the single event that still fails
// is parked and the projection goes on. Any other error propagates, and the
// job is retried with backoff. The failure is remembered for its event, not
// for a position: if the checkpoint moves in between (another worker, a
// rebuild's swap), it is forgotten rather than pinned on the next event.
export async function runProjection(
  deps: ProjectionDeps,
  projection: Projection,
  options: RunOptions,
): Promise<number> {
  let processed = 0;
  let size = options.batchSize;
  let narrowedFor = 0;
  let park: { eventId: string; reason: string } | undefined;
  let firstRead: string | undefined;
  let from: GlobalPosition | undefined;
  while (!options.shouldStop?.()) {
    let outcome: BatchOutcome;
    const requested = size;
    firstRead = undefined;
    from = undefined;
    try {
      outcome = await processNextBatch(deps, projection, {
        target: options.target,
        batchSize: size,
        lockTimeoutMs: options.lockTimeoutMs,
        onStart: (position) => {
          from = position;
        },
        onRead: (events) => {
          firstRead = events[0]?.id;
        },
        ...(park === undefined ? {} : { park }),
      });
    } catch (error) {
      // Nothing read, or parking the failed event failed too: the job retries.
      if (!isDataError(error) || firstRead === undefined || park?.eventId === firstRead) {
        if (from !== undefined) await options.onError?.(error, from);
        throw error;
      }
      if (size > 1) {
        deps.logger.warn(
          { projection: projection.name, err: error },
          'data error in batch; retrying event by event',
        );
        narrowedFor = size;
        size = 1;
      } else {
        park = { eventId: firstRead, reason: (error as Error).message };
      }
      continue;
    }
    options.onBatch?.(outcome);
    // Moved by this batch or by someone else: either way the failure belongs
    // to an event that is no longer next.
    park = undefined;
    if (outcome.moved) {
      processed += outcome.read;
      if (size === 1 && (narrowedFor -= 1) <= 0) size = options.batchSize;
    }
    if (outcome.moved && outcome.read < requested) break;
  }
  return processed;
}
