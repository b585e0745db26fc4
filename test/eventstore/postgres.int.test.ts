import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { createTestDatabase } from '../support/testDatabase.js';
import { runEventStoreContract } from './contract.js';
import { domainEventCodec } from '../../src/events/registry.js';

runEventStoreContract('Postgres', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore({
    codec: domainEventCodec,
    pool: db.pool,
    connectionString: db.url,
    pollIntervalMs: 50,
  });
  return {
    store,
    async teardown() {
      await store.close();
      await db.drop();
    },
  };
});
