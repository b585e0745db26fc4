import type { PoolClient } from '../../db/pool.js';
import type { EventType } from '../../events/schemas.js';
import type { DeltaFold, Projection, ShadowBuild } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import type { Alert } from './alert.js';
import { recordAlerts } from './alertOutbox.js';

/**
 * A source of alerts: a projection that keeps the state it needs in its own
 * table and says which alerts a batch causes. Run as a projection, its
 * alerts go to the outbox in the transaction that moves its checkpoint, so
 * each is produced once however often its batch is retried.
 *
 * Its batch work comes in two steps, as a folded projection's does: a pure
 * `fold` of the events into compact deltas (run in a rebuild's worker
 * thread), and a `write` that moves its table by them, judging from what the
 * table holds, and answers the alerts the batch causes.
 */
export interface AlertSource<Deltas> {
  readonly name: string;
  readonly table: string;
  /** Further tables it keeps in the same transactions (see Projection.companionTables). */
  readonly companionTables?: readonly string[];
  readonly eventTypes: ReadonlySet<EventType>;
  /** Pure; the deltas must survive a structured clone (see DeltaFold). */
  fold(events: readonly ProjectedEvent[]): Deltas;
  /** Updates the source's tables by the deltas and answers the alerts they cause. */
  write(client: PoolClient, table: string, deltas: Deltas): Promise<Alert[]>;
  /** Optional (see Projection.shadowBuild); `finish` answers the alerts the whole pass causes. */
  shadowBuild?: {
    write(client: PoolClient, table: string, deltas: Deltas): Promise<void>;
    finish(client: PoolClient, table: string): Promise<Alert[]>;
  };
}

export function alertingProjection<Deltas>(source: AlertSource<Deltas>): Projection {
  const { fold } = source;
  const write = async (client: PoolClient, table: string, deltas: Deltas): Promise<void> => {
    await recordAlerts(client, await source.write(client, table, deltas));
  };
  return {
    name: source.name,
    table: source.table,
    ...(source.companionTables ? { companionTables: source.companionTables } : {}),
    eventTypes: source.eventTypes,
    apply: (client, table, events) => write(client, table, fold(events)),
    deltas: { fold, write } as DeltaFold,
    ...(source.shadowBuild ? { shadowBuild: shadowBuildOf(source.shadowBuild) } : {}),
  };
}

function shadowBuildOf<Deltas>(
  build: NonNullable<AlertSource<Deltas>['shadowBuild']>,
): ShadowBuild {
  return {
    write: build.write,
    finish: async (client, table) => {
      await recordAlerts(client, await build.finish(client, table));
    },
  } as ShadowBuild;
}
