import type { Clock } from '../clock.js';
import type { Pool } from '../db/pool.js';
import type { EventStore } from '../eventstore/EventStore.js';
import type { Actor } from '../events/metadata.js';

/** What every command service needs; the HTTP layer, the CLI and seeders all pass these. */
export interface CommandDeps {
  eventStore: EventStore;
  pool: Pool;
  clock: Clock;
}

/** Who asked, and the request that caused it; becomes the events' metadata. */
export interface CommandOrigin {
  actor: Actor;
  correlationId: string;
}
