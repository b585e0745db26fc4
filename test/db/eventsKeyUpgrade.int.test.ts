// Migration 0025 makes (transaction_id, position) the events table's key in
// place of `position` alone and drops the index that held that order: on a
// log with events, the upgrade keeps every event, the read order and appends.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrationsDir } from '../../src/db/migrate.js';
import { START } from '../../src/eventstore/EventStore.js';
import { streamNames } from '../../src/events/streams.js';
import { tenantCreated } from '../eventstore/fixtures.js';
import { testStore } from '../projections/support/projectionHarness.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const migration = path.join(migrationsDir, '0025_append_writes.sql');

const indexes = async (db: TestDatabase): Promise<string[]> => {
  const { rows } = await db.pool.query<{ definition: string }>(
    `SELECT indexdef AS definition FROM pg_indexes WHERE tablename = 'events' ORDER BY indexname`,
  );
  return rows.map((row) => row.definition.replace(/ ON public\.events USING btree/, ''));
};

describe('upgrading the events key to the read order (0025)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('writes four index entries per event and keeps the log and its order', async () => {
    expect(await indexes(db)).toEqual([
      'CREATE UNIQUE INDEX events_event_id_key (event_id)',
      'CREATE UNIQUE INDEX events_pkey (transaction_id, "position")',
      'CREATE UNIQUE INDEX events_stream_name_stream_revision_key (stream_name, stream_revision)',
      'CREATE INDEX events_tenant_order (tenant_id, transaction_id DESC, "position" DESC)',
    ]);

    const [up, down] = (await readFile(migration, 'utf8')).split('-- Down Migration');
    await db.pool.query(down as string);
    expect(await indexes(db)).toHaveLength(5);
    const store = testStore(db);
    const tenantId = randomUUID();
    const append = (name: string) =>
      store.appendToStream(streamNames.tenant(tenantId), [tenantCreated(tenantId, name)]);
    for (const name of ['one', 'two', 'three']) await append(name);
    const before = await store.readAll({ direction: 'forwards', from: START, maxCount: 100 });

    await db.pool.query(up as string);
    expect(await indexes(db)).toHaveLength(4);
    expect(await store.readAll({ direction: 'forwards', from: START, maxCount: 100 })).toEqual(
      before,
    );
    await append('four');
    const after = await store.readAll({ direction: 'backwards', maxCount: 100 });
    expect(after.map((event) => (event.data as { name: string }).name)).toEqual([
      'four',
      'three',
      'two',
      'one',
    ]);
    expect(await store.headPosition()).toEqual(after[0]?.position);
  });

  it('reads the log and its head through the key', async () => {
    await db.pool.query('ANALYZE events');
    const client = await db.pool.connect();
    const plan = async (sql: string): Promise<string> => {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    try {
      // A handful of rows: without this the planner would rather read them all.
      await client.query('SET enable_seqscan = off');
      expect(
        await plan(
          `SELECT position FROM events WHERE (transaction_id, position) > ('0'::xid8, 0)
            ORDER BY transaction_id, position LIMIT 10`,
        ),
      ).toMatch(/Index (Only )?Scan using events_pkey/);
      expect(
        await plan(
          'SELECT position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1',
        ),
      ).toMatch(/Index (Only )?Scan Backward using events_pkey/);
    } finally {
      client.release(true);
    }
  });
});
