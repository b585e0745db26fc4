import type { PoolClient } from '../../db/pool.js';
import type { EventType } from '../../events/schemas.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import type { Alert } from './alert.js';
import { recordAlerts } from './alertOutbox.js';

/**
 * A source of alerts: a projection that keeps the state it needs in its own
 * table and says which alerts a batch causes. Run as a projection, its
 * alerts go to the outbox in the transaction that moves its checkpoint, so
 * each is produced once however often its batch is retried.
 */
export interface AlertSource {
  readonly name: string;
  readonly table: string;
  /** Further tables it keeps in the same transactions (see Projection.companionTables). */
  readonly companionTables?: readonly string[];
  readonly eventTypes: ReadonlySet<EventType>;
  /** Updates the source's table for the batch and answers the alerts it causes. */
  apply(client: PoolClient, table: string, events: readonly ProjectedEvent[]): Promise<Alert[]>;
}

export function alertingProjection(source: AlertSource): Projection {
  return {
    name: source.name,
    table: source.table,
    ...(source.companionTables ? { companionTables: source.companionTables } : {}),
    eventTypes: source.eventTypes,
    async apply(client, table, events) {
      await recordAlerts(client, await source.apply(client, table, events));
    },
  };
}
