import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allProjections } from '../../src/readModels/allProjections.js';
import { rebuildProjections } from '../../src/projections/rebuild/rebuildProjection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';
import { createWorkload } from './support/workload.js';

/** Index and constraint names (and definitions, with the names left out) of each read table. */
async function namesOf(db: TestDatabase): Promise<Record<string, unknown>> {
  const names: Record<string, unknown> = {};
  for (const { table } of allProjections) {
    const indexes = await db.pool.query<{ name: string; definition: string }>(
      `SELECT c.relname AS name, replace(pg_get_indexdef(i.indexrelid), c.relname, '') AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass ORDER BY c.relname`,
      [table],
    );
    const constraints = await db.pool.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = $1::regclass ORDER BY conname`,
      [table],
    );
    names[table] = { indexes: indexes.rows, constraints: constraints.rows };
  }
  return names;
}

describe('a rebuild keeps the names migrations gave', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('leaves every read table with the index and constraint names it had after migrations', async () => {
    const migrated = await namesOf(db);
    expect(JSON.stringify(migrated)).toContain('agents_newest');
    const eventStore = testStore(db);
    await createWorkload(eventStore, 5).append(200);
    const { logger } = capturingLogger();
    const deps = { pool: db.pool, eventStore, logger };
    const options = { batchSize: 100, lockTimeoutMs: 5000 };
    await rebuildProjections(deps, allProjections, options);
    expect(await namesOf(db)).toEqual(migrated);
    // Again, from tables a rebuild made.
    await rebuildProjections(deps, allProjections, options);
    await eventStore.close();
    expect(await namesOf(db)).toEqual(migrated);
    // A later migration can still refer to them.
    await db.pool.query('DROP INDEX agents_newest');
    await db.pool.query('ALTER TABLE agents DROP CONSTRAINT agents_pkey');
  });
});
