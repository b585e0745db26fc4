import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { readCheckpoint } from '../../src/projections/runner/checkpoints.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { compareWithRawEvents } from './support/expectedTables.js';
import {
  capturingLogger,
  startInProcessWorker,
  testConfig,
  testStore,
} from './support/projectionHarness.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { createWorkload } from './support/workload.js';

describe('a failing projection never fails or slows appends', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 20 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps appending while projection writes fail, then catches up exactly', async () => {
    const { logger, records } = capturingLogger();
    const eventStore = testStore(db);
    const worker = await startInProcessWorker(db, testConfig(db), logger);
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      const workload = createWorkload(eventStore, 41);
      await workload.append(300);
      await waitFor('projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);

      // The monthly rollup becomes unwritable. (Not a long lock: any open
      // transaction holding an xid also holds back the event store's visibility
      // guard, which would stop every projection, not just this one.)
      await blocker.query('ALTER TABLE agent_monthly_tokens RENAME TO agent_monthly_tokens_away');
      const started = Date.now();
      await workload.append(1000);
      const appendMs = Date.now() - started;
      await waitFor(
        'the failure to be logged and recorded',
        async () =>
          records.some(
            (r) => r.msg === 'projection batch failed' && r.projection === 'monthlyTokens',
          ) && (await readCheckpoint(db.pool, 'monthlyTokens')).lastError !== null,
        20000,
      );
      // The other projections are unaffected and keep up.
      await waitFor('unaffected projections to catch up', async () => {
        const daily = await readCheckpoint(db.pool, 'dailyMetrics');
        return daily.eventsProcessed === 1300;
      });
      expect((await readCheckpoint(db.pool, 'monthlyTokens')).eventsProcessed).toBe(300);
      expect((await readCheckpoint(db.pool, 'monthlyTokens')).lastError).toMatch(/does not exist/);
      // 1000 appends through 8 writers while the projection fails: no append waited on it.
      expect(appendMs).toBeLessThan(20000);

      await blocker.query('ALTER TABLE agent_monthly_tokens_away RENAME TO agent_monthly_tokens');
      await waitFor(
        'projections to catch up after the outage',
        () => allCaughtUp(db.pool, eventStore),
        30000,
      );
    } finally {
      await blocker.end();
      await worker.close();
      await eventStore.close();
    }
    for (const comparison of await compareWithRawEvents(db.pool)) {
      expect(comparison).toMatchObject({ differences: 0 });
    }
    const recovered = await readCheckpoint(db.pool, 'monthlyTokens');
    expect(recovered.eventsProcessed).toBe(1300);
    expect(recovered.lastError).toBeNull();
  }, 60000);
});
