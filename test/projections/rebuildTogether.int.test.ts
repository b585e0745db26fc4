import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Projection } from '../../src/projections/Projection.js';
import { allProjections, allProjectionsModule } from '../../src/readModels/allProjections.js';
import {
  rebuildProjections,
  type RebuildProgress,
} from '../../src/projections/rebuild/rebuildProjection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { allCaughtUp, waitFor } from '../support/waitFor.js';
import { compareWithRawEvents, readTables, snapshotTable } from './support/expectedTables.js';
import {
  capturingLogger,
  startInProcessWorker,
  testConfig,
  testStore,
} from './support/projectionHarness.js';
import { createWorkload } from './support/workload.js';
import {
  allProjections as applyOnlyProjections,
  applyOnlyProjectionsModule,
} from './support/applyOnlyProjections.js';

const ways: Array<[string, readonly Projection[], string | undefined]> = [
  ['decoded and applied on the main thread', allProjections, undefined],
  ['folded to deltas in a worker thread', allProjections, allProjectionsModule],
  [
    'decoded in a worker thread, applied by projections without a fold',
    applyOnlyProjections,
    applyOnlyProjectionsModule,
  ],
];

describe.each(ways)(
  'rebuilding every projection from one pass over the log, %s',
  (_, projections, projectionsModule) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ poolSize: 20 });
    });
    afterAll(async () => {
      await db.drop();
    });

    const snapshot = (table: string) => snapshotTable(db.pool, table);

    it('rebuilds tables identical to the live ones, then the live worker goes on', async () => {
      const { logger } = capturingLogger();
      const config = testConfig(db, { PROJECTION_BATCH_SIZE: '200' });
      const eventStore = testStore(db);
      const worker = await startInProcessWorker(db, config, logger);
      const workload = createWorkload(eventStore, 47);
      await workload.append(1500, { concurrency: 8 });
      await waitFor('live projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);
      const live = await Promise.all(readTables.map(snapshot));

      const progress: RebuildProgress[] = [];
      const finished = await rebuildProjections(
        { pool: db.pool, eventStore, logger },
        projections,
        {
          batchSize: 300,
          buildBatchSize: 700,
          lockTimeoutMs: 5000,
          onProgress: (p) => progress.push(p),
          ...(projectionsModule ? { projectionsModule } : {}),
        },
      );
      expect(finished.map((p) => [p.projection, p.phase, p.done])).toEqual(
        allProjections.map((p) => [p.name, 'done', 1500]),
      );
      expect(progress.some((p) => p.phase === 'building' && p.done > 0)).toBe(true);
      expect(await Promise.all(readTables.map(snapshot))).toEqual(live);

      // The swapped-in tables and checkpoints carry on with new events.
      await workload.append(300, { concurrency: 4 });
      await waitFor('live projections to catch up', () => allCaughtUp(db.pool, eventStore), 30000);
      await worker.close();
      await eventStore.close();
      for (const comparison of await compareWithRawEvents(db.pool)) {
        expect(comparison).toMatchObject({ differences: 0 });
      }
      const leftovers = await db.pool.query(
        `SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_rebuild' OR relname LIKE '%\\_\\_retired'`,
      );
      expect(leftovers.rows).toEqual([]);
    }, 90000);
  },
);
