import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { preparingClient, statementName } from '../../src/projections/runner/preparedStatements.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

describe('live statements prepared once per connection', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 1 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('names each text once, and leaves statements returning star rows unnamed', () => {
    const upsert = 'INSERT INTO t (id) SELECT * FROM unnest($1::int[]) ON CONFLICT DO NOTHING';
    expect(statementName(upsert)).toMatch(/^live-/);
    expect(statementName(upsert)).toBe(statementName(upsert));
    expect(statementName(`${upsert} `)).not.toBe(statementName(upsert));
    expect(statementName('SELECT * FROM t WHERE id = $1')).toBeNull();
    expect(statementName('INSERT INTO t (id) VALUES ($1) RETURNING *')).toBeNull();
    expect(statementName('SELECT id FROM t WHERE id = $1')).toMatch(/^live-/);
  });

  it('prepares a statement once, and it follows a table replaced under it (a rebuild swap)', async () => {
    const connection = await db.pool.connect();
    try {
      const client = preparingClient(connection);
      await client.query('CREATE TABLE swapped (id int PRIMARY KEY)');
      const insert = 'INSERT INTO swapped (id) SELECT * FROM unnest($1::int[])';
      await client.query(insert, [[1, 2]]);
      const prepared = await connection.query<{ name: string }>(
        'SELECT name FROM pg_prepared_statements WHERE statement = $1',
        [insert],
      );
      expect(prepared.rows).toEqual([{ name: statementName(insert) }]);

      await client.query('ALTER TABLE swapped RENAME TO swapped_old');
      await client.query('CREATE TABLE swapped (id int PRIMARY KEY)');
      await client.query(insert, [[3]]);
      const rows = await connection.query<{ id: number }>('SELECT id FROM swapped');
      expect(rows.rows).toEqual([{ id: 3 }]);
      const old = await connection.query<{ id: number }>('SELECT id FROM swapped_old ORDER BY id');
      expect(old.rows).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      connection.release();
    }
  });
});
