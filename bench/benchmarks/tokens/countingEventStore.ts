import type { Pool } from '../../../src/db/pool.js';
import { START, type EventStore } from '../../../src/eventstore/EventStore.js';

// The naive design the token benchmark compares with: the real token endpoint,
// but instead of appending TokenIssued, the request itself increments the
// tenant's daily counter row, as the original requirement literally reads.
// Every other event still goes to the real store.

export const naiveCountsTable = 'naive_daily_counts';

export async function createNaiveCountsTable(pool: Pool): Promise<void> {
  // The same shape and key as the dailyMetrics read model.
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${naiveCountsTable} (LIKE analytics_events INCLUDING ALL)`,
  );
}

const incrementSql = `
  INSERT INTO ${naiveCountsTable} AS t (tenant_id, date, metric_type, count)
  VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 'token_issued', 1)
  ON CONFLICT (tenant_id, metric_type, date) DO UPDATE SET count = t.count + 1`;

export function countingEventStore(store: EventStore, pool: Pool): EventStore {
  return {
    async appendToStream(streamName, events, options) {
      if (events.length === 0 || events.some((event) => event.type !== 'TokenIssued')) {
        return store.appendToStream(streamName, events, options);
      }
      for (const event of events) {
        await pool.query({
          name: 'naive-increment',
          text: incrementSql,
          values: [event.metadata.tenantId, event.metadata.occurredAt],
        });
      }
      return { nextExpectedRevision: -1n, position: START };
    },
    readStream: (streamName, options) => store.readStream(streamName, options),
    ...(store.streamRevision ? { streamRevision: store.streamRevision.bind(store) } : {}),
    readAll: (options) => store.readAll(options),
    scanAll: (options) => store.scanAll(options),
    headPosition: () => store.headPosition(),
    subscribeToAll: (handlers, options) => store.subscribeToAll(handlers, options),
    close: () => store.close(),
  };
}
