// What an append writes for its stream row, read back from the WAL
// (pg_walinspect) by the row's relation in this test's own database, so other
// databases' writes do not count.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import { testStore } from '../projections/support/projectionHarness.js';
import { tenantCreated } from './fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

describe('the WAL of a lone append to an existing stream', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  });
  afterAll(() => db.drop());

  it('updates the stream row in place, with no lock record before it', async () => {
    const store = testStore(db);
    const tenantId = randomUUID();
    const stream = streamNames.tenant(tenantId);
    const append = (name: string) => store.appendToStream(stream, [tenantCreated(tenantId, name)]);
    await append('first');
    const lsn = async () =>
      (await db.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]
        ?.lsn as string;
    const from = await lsn();
    // Sent alone: nothing else is in flight.
    expect((await append('second')).nextExpectedRevision).toBe(1n);
    const to = await lsn();

    const { rows } = await db.pool.query<{ record: string }>(
      `SELECT w.resource_manager || '/' || w.record_type AS record
         FROM pg_get_wal_records_info($1, $2) w,
              (SELECT format('rel %s/%s/%s ', coalesce(nullif(c.reltablespace, 0), t.oid),
                             d.oid, pg_relation_filenode(c.oid)) AS ref
                 FROM pg_class c, pg_database d, pg_tablespace t
                WHERE c.oid = 'streams'::regclass AND d.datname = current_database()
                  AND t.spcname = 'pg_default') s
        WHERE w.block_ref LIKE '%' || s.ref || '%'`,
      [from, to],
    );
    const records = rows.map((row) => row.record);
    expect(records).toContain('Heap/HOT_UPDATE');
    expect(records).not.toContain('Heap/LOCK');
  });
});
