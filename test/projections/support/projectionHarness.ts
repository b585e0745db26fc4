import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config.js';
import type { Logger } from '../../../src/logger.js';
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js';
import { startProjectionProcess } from '../../../src/app/startProjectionProcess.js';
import { testRedisUrl, uniqueRedisPrefix, type TestDatabase } from '../../support/testDatabase.js';
import { domainEventCodec } from '../../../src/events/registry.js';

/** A logger whose records are kept for assertions. */
export function capturingLogger(): { logger: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), records };
}

export function testConfig(db: TestDatabase, overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('projections'),
    PROJECTION_BATCH_SIZE: '250',
    PROJECTION_WAKE_INTERVAL_MS: '300',
    PROJECTION_JOB_LOCK_MS: '5000',
    ...overrides,
  });
}

export function testStore(db: TestDatabase): PostgresEventStore {
  return new PostgresEventStore({
    codec: domainEventCodec,
    pool: db.pool,
    connectionString: db.url,
    pollIntervalMs: 100,
  });
}

/** An in-process worker (feeder + projection worker + rebuild worker). */
export async function startInProcessWorker(
  db: TestDatabase,
  config: ReturnType<typeof testConfig>,
  logger: Logger,
) {
  const eventStore = testStore(db);
  const process = await startProjectionProcess({ config, logger, pool: db.pool, eventStore });
  return {
    ...process,
    async close() {
      await process.close();
      await eventStore.close();
    },
  };
}
