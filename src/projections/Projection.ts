import type { PoolClient } from '../db/pool.js';
import type { EventType } from '../events/schemas.js';
import type { ProjectedEvent } from './projectedEvent.js';

/**
 * `apply` in two steps: a pure fold of a batch into deltas, and the write of
 * those deltas. Deltas must survive a structured clone (plain objects, arrays,
 * strings, numbers, Dates): a rebuild folds in a worker thread and hands only
 * the deltas to the thread that writes.
 */
export interface DeltaFold<Deltas = unknown> {
  fold(events: readonly ProjectedEvent[]): Deltas;
  write(client: PoolClient, table: string, deltas: Deltas): Promise<void>;
}

/** One read model: the events it handles, its table, and how a batch lands in it. */
export interface Projection {
  readonly name: string;
  /** The live table; a rebuild writes the same shape into a shadow table. */
  readonly table: string;
  readonly eventTypes: ReadonlySet<EventType>;
  /** Folds the batch (pure) and upserts the deltas into `table`, inside the caller's transaction. */
  apply(client: PoolClient, table: string, events: readonly ProjectedEvent[]): Promise<void>;
  /**
   * Optional: `apply` split into its fold and its write, with
   * `write(fold(events))` doing exactly what `apply(events)` does. Without it
   * a rebuild still decodes in the worker thread but applies on the main one.
   */
  readonly deltas?: DeltaFold;
}
