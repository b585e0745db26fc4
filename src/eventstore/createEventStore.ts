import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { EventStore } from './EventStore.js';
import { PostgresEventStore } from './postgres/PostgresEventStore.js';

// The embedded Postgres store is the default.
export async function createEventStore(
  config: Pick<Config, 'DATABASE_URL' | 'EVENTSTORE_URL'>,
  pool: Pool,
): Promise<EventStore> {
  return new PostgresEventStore({ pool, connectionString: config.DATABASE_URL });
}
