import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { EventStore } from '../eventstore/EventStore.js';
import { PostgresEventStore } from '../eventstore/postgres/PostgresEventStore.js';
import { assertTransactionCounterAhead } from '../eventstore/postgres/transactionCounter.js';
import { domainEventCodec } from '../events/registry.js';

// EventStoreDB when EVENTSTORE_URL is set; otherwise the embedded Postgres
// store. The EventStoreDB client is loaded only when it is used. The Postgres
// store refuses to open over events restored from another cluster whose
// transaction ids lie ahead of this one's (see transactionCounter.ts).
export async function createEventStore(
  config: Pick<Config, 'DATABASE_URL' | 'EVENTSTORE_URL'> &
    Partial<Pick<Config, 'EVENTSTORE_APPEND_BATCH_SIZE' | 'EVENTSTORE_APPEND_CONCURRENCY'>>,
  pool: Pool,
): Promise<EventStore> {
  if (config.EVENTSTORE_URL) {
    const { EsdbEventStore } = await import('../eventstore/esdb/EsdbEventStore.js');
    return EsdbEventStore.connect(config.EVENTSTORE_URL, domainEventCodec);
  }
  await assertTransactionCounterAhead(pool);
  return new PostgresEventStore({
    pool,
    connectionString: config.DATABASE_URL,
    codec: domainEventCodec,
    ...(config.EVENTSTORE_APPEND_BATCH_SIZE !== undefined
      ? { appendBatchSize: config.EVENTSTORE_APPEND_BATCH_SIZE }
      : {}),
    ...(config.EVENTSTORE_APPEND_CONCURRENCY !== undefined
      ? { appendConcurrency: config.EVENTSTORE_APPEND_CONCURRENCY }
      : {}),
  });
}
