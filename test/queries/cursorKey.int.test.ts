import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPool } from '../../src/db/pool.js';
import { cursorKey } from '../../src/queries/cursorKey.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

// Several API processes must accept each other's cursors: the key is made
// once, in Postgres, by whichever process needs it first.
describe('the page cursor key', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('is one 256-bit key for every process on the database, however they race for it', async () => {
    const pools = Array.from({ length: 4 }, () => createPool({ connectionString: db.url, max: 1 }));
    try {
      const keys = await Promise.all(pools.map((pool) => cursorKey(pool)));
      expect(keys[0]?.length).toBe(32);
      for (const key of keys) expect(key.equals(keys[0] as Buffer)).toBe(true);
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM server_secrets');
      expect(rows[0].n).toBe(1);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
