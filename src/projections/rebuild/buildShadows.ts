import { ConflictError } from '../../errors.js';
import { withTransaction } from '../../db/pool.js';
import { START, type GlobalPosition, type RecordedEvent } from '../../eventstore/EventStore.js';
import { applyPrepared, lockCheckpoint, type BatchTarget } from '../runner/applyBatch.js';
import { readCheckpoint } from '../runner/checkpoints.js';
import type { ParkedEventRef } from '../runner/parkedEvents.js';
import { handledByAny } from '../runner/decodedEvent.js';
import type { ProjectionDeps } from '../runner/processNextBatch.js';
import type { Projection } from '../Projection.js';
import { FoldThread } from './foldThread.js';
import {
  prepareHere,
  prepareInThread,
  type PageEvents,
  type PreparedPage,
} from './preparedPage.js';

export interface BuildOptions {
  batchSize: number;
  lockTimeoutMs: number;
  /** A projection (its index) has `read` more events in its shadow table. */
  onBatch: (index: number, read: number) => void;
  /**
   * URL of a module exporting `allProjections` (the same objects as
   * `projections`): pages are then decoded and folded in a worker thread.
   * Without it, on this thread.
   */
  projectionsModule?: string;
}

interface Parked {
  projection: string;
  event: ParkedEventRef;
  error: string;
}

/** Keeps a promise that is awaited later from counting as an unhandled rejection meanwhile. */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

// Fills every shadow table from one read of each batch, decoded once; each
// shadow checkpoint moves in the transaction that writes its table's share of
// the batch. Three stages overlap: while this thread reads (parses) one
// batch, the fold thread decodes and folds the one before, and Postgres
// writes the one before that, every projection's share at once. Pages are
// written one after another, each moving the checkpoints on from where the
// previous one left them.
export async function buildShadows(
  deps: ProjectionDeps,
  projections: readonly Projection[],
  shadows: readonly BatchTarget[],
  options: BuildOptions,
): Promise<void> {
  for (const shadow of shadows) await readCheckpoint(deps.pool, shadow.checkpoint);
  const wanted = handledByAny(projections);
  const thread = options.projectionsModule
    ? new FoldThread({
        projectionsModule: options.projectionsModule,
        names: projections.map((projection) => projection.name),
      })
    : undefined;
  // With a fold thread, a store that can read text leaves the JSON to it.
  const { eventStore } = deps;
  const readText = thread && eventStore.readAllText?.bind(eventStore);
  const read = (from: GlobalPosition): Promise<PageEvents> =>
    awaitedLater<PageEvents>(
      readText
        ? readText({ from, maxCount: options.batchSize })
        : eventStore.readAll({ from, maxCount: options.batchSize }),
    );
  const prepare = (events: PageEvents): Promise<PreparedPage> =>
    thread
      ? prepareInThread(thread, projections, events, wanted)
      : Promise.resolve(prepareHere(projections, events as readonly RecordedEvent[], wanted));

  // Each shadow table moves with its own checkpoint, in a transaction of its
  // own on a connection of its own, so the projections' writes of a page run
  // side by side in Postgres instead of one after another.
  const writeShare = (from: GlobalPosition, page: PreparedPage, index: number) =>
    withTransaction(deps.pool, async (client) => {
      const projection = projections[index] as Projection;
      const shadow = shadows[index] as BatchTarget;
      // No flush wait per batch: a crash can lose only the newest batches,
      // each with its own checkpoint, and an interrupted rebuild starts over
      // anyway. The swap commits durably.
      await client.query(
        `SELECT set_config('lock_timeout', $1, true), set_config('synchronous_commit', 'off', true)`,
        [`${options.lockTimeoutMs}ms`],
      );
      await lockCheckpoint(client, shadow.checkpoint);
      const result = await applyPrepared(
        client,
        projection,
        shadow,
        { from, to: page.last },
        page.count,
        page.shares[index] as PreparedPage['shares'][number],
      );
      if (!result.moved) throw new ConflictError(`${shadow.checkpoint} moved during the rebuild`);
      return result.parked.map((p): Parked => ({ projection: projection.name, ...p }));
    });

  const write = async (from: GlobalPosition, page: PreparedPage): Promise<void> => {
    // Every write of the page settles before the next page or a failure goes
    // on: each projection's next step starts from its own checkpoint.
    const written = await Promise.allSettled(
      projections.map((_, index) => writeShare(from, page, index)),
    );
    written.forEach((outcome, index) => {
      if (outcome.status !== 'fulfilled') return;
      for (const { projection, event, error } of outcome.value) {
        deps.logger.error(
          { projection, eventId: event.id, eventType: event.type, error },
          'poison event parked',
        );
      }
      options.onBatch(index, page.count);
    });
    const failed = written.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  };

  let from = START;
  let reading = read(from);
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const events = await reading;
      const last = events.at(-1);
      if (!last) break;
      const more = events.length >= options.batchSize;
      if (more) reading = read(last.position);
      const page = await prepare(events);
      await writing;
      writing = awaitedLater(write(from, page));
      from = last.position;
      if (!more) break;
    }
    await writing;
  } finally {
    // A failed write leaves a read of the next batch in flight; it is not used.
    await reading.catch(() => []);
    await writing.catch(() => {});
    await thread?.close();
  }
}
