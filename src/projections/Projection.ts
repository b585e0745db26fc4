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
  /**
   * Further tables the projection keeps in the same transactions as `table`
   * (a summary derived from it, say). A rebuild fills a shadow of each beside
   * the main one and swaps them all in together.
   */
  readonly companionTables?: readonly string[];
  readonly eventTypes: ReadonlySet<EventType>;
  /** Folds the batch (pure) and upserts the deltas into `table`, inside the caller's transaction. */
  apply(client: PoolClient, table: string, events: readonly ProjectedEvent[]): Promise<void>;
  /**
   * Optional: `apply` split into its fold and its write, with
   * `write(fold(events))` doing exactly what `apply(events)` does. Without it
   * a rebuild still decodes in the worker thread but applies on the main one.
   */
  readonly deltas?: DeltaFold;
  /**
   * Optional, with `deltas`: a cheaper way to fill a rebuild's shadow table
   * from its one pass over the log (see ShadowBuild).
   */
  readonly shadowBuild?: ShadowBuild;
}

/**
 * How a projection whose write reads its own table back (to judge what a
 * batch closed, say) fills a shadow table when it has the whole log ahead:
 * while a rebuild's pass lasts, `write` takes the place of `deltas.write`,
 * and once the pass has written its last page `finish` completes the table
 * in one transaction. After that the shadow goes on batch by batch with
 * `apply`. What `write` page by page then `finish` leave must equal what
 * `deltas.write` page by page leaves.
 */
export interface ShadowBuild<Deltas = unknown> {
  write(client: PoolClient, table: string, deltas: Deltas): Promise<void>;
  finish(client: PoolClient, table: string): Promise<void>;
}

/** The table a rebuild fills in place of a live one until its swap. */
export function shadowTable(table: string): string {
  return `${table}__rebuild`;
}

/**
 * The companion table to write beside `target`, the table a batch is being
 * applied to: the live companion for the live table, its shadow for a
 * rebuild's shadow.
 */
export function companionTarget(projection: Projection, target: string, companion: string): string {
  return target === projection.table ? companion : shadowTable(companion);
}

/** Every table of the projection: the main one first, then its companions. */
export function tablesOf(projection: Projection): string[] {
  return [projection.table, ...(projection.companionTables ?? [])];
}
