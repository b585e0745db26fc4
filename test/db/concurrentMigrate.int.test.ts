// API and worker processes all migrate at start; started together on a new
// database, none of them may fail because another one holds the migration lock.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from '@jest/globals';
import { ensureDatabase, migrate } from '../../src/db/migrate.js';
import { databaseUrl } from '../support/testServices.js';

describe('migrate', () => {
  it('lets concurrent starts wait for each other on a new database', async () => {
    const serverUrl = process.env.TEST_SERVER_URL as string;
    const name = `test_migrate_${randomBytes(4).toString('hex')}`;
    const url = databaseUrl(serverUrl, name);
    await ensureDatabase(url);
    try {
      const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
      // Exactly one run applied the migrations; the others found nothing to do.
      expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
      expect(results.flat().length).toBe(results.find((applied) => applied.length > 0)?.length);
    } finally {
      const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end());
    }
  }, 60_000);
});
