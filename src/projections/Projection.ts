import type { PoolClient } from '../db/pool.js';
import type { EventType } from '../events/schemas.js';
import type { ProjectedEvent } from './projectedEvent.js';

/** One read model: the events it handles, its table, and how a batch lands in it. */
export interface Projection {
  readonly name: string;
  /** The live table; a rebuild writes the same shape into a shadow table. */
  readonly table: string;
  readonly eventTypes: ReadonlySet<EventType>;
  /** Folds the batch (pure) and upserts the deltas into `table`, inside the caller's transaction. */
  apply(client: PoolClient, table: string, events: readonly ProjectedEvent[]): Promise<void>;
}
