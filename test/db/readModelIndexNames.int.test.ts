import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrationsDir } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

// The read tables as the migrations before 0010 made them.
const tables = ['analytics_events', 'agent_activity_hourly', 'agent_monthly_tokens', 'agents'];

async function indexNames(db: TestDatabase): Promise<string[]> {
  const result = await db.pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::regclass[]) ORDER BY 1`,
    [tables],
  );
  return result.rows.map((row) => row.name);
}

describe('the read-model index names migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives indexes renamed by an earlier rebuild the names their migrations gave', async () => {
    const migrated = await indexNames(db);
    // What a swap used to leave behind.
    const drifted = migrated.map((name) => `${name.replace(/_/, '__rebuild_x')}`);
    for (const [index, name] of migrated.entries()) {
      await db.pool.query(`ALTER INDEX ${name} RENAME TO ${drifted[index]}`);
    }
    expect(await indexNames(db)).toEqual([...drifted].sort());

    const file = await readFile(
      path.join(migrationsDir, '0010_read_model_index_names.sql'),
      'utf8',
    );
    const up = file.split('-- Down Migration')[0] as string;
    await db.pool.query(up);
    expect(await indexNames(db)).toEqual(migrated);
    const pkeys = await db.pool.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid = ANY($1::regclass[])
        ORDER BY 1`,
      [tables],
    );
    expect(pkeys.rows.map((row) => row.conname)).toEqual(
      migrated.filter((name) => name.endsWith('_pkey')),
    );
    // Running it again changes nothing.
    await db.pool.query(up);
    expect(await indexNames(db)).toEqual(migrated);
  });
});
