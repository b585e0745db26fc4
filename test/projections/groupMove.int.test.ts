import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { START } from '../../src/eventstore/EventStore.js';
import type { RecordedEvent } from '../../src/eventstore/EventStore.js';
import { applyTogether } from '../../src/projections/runner/applyTogether.js';
import { readCheckpointsAtOnce } from '../../src/projections/runner/checkpoints.js';
import { moveGroup } from '../../src/projections/runner/groupMove.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';
import { createWorkload } from './support/workload.js';

function recorded(position: bigint): RecordedEvent {
  return {
    id: randomUUID(),
    type: 'TokenIssued',
    streamName: `tokens-${randomUUID()}`,
    streamRevision: 0n,
    position: { commit: position, prepare: position },
    data: {},
    metadata: {},
    schemaVersion: 1,
  } as unknown as RecordedEvent;
}

describe('moving a shared batch in one statement', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 6 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('bumps versions and parks events only for the projections whose checkpoint moved', async () => {
    await readCheckpointsAtOnce(db.pool, ['moves', 'raced']);
    const tenant = randomUUID();
    const next = { commit: 10n, prepare: 10n };
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const moved = await moveGroup(
        client,
        [
          {
            name: 'moves',
            expected: START,
            next,
            eventCount: 2,
            tenants: [tenant, tenant],
            parked: [{ event: recorded(9n), error: 'bad data', attempts: 1 }],
          },
          {
            // Another worker already moved this one past START.
            name: 'raced',
            expected: { commit: 5n, prepare: 5n },
            next,
            eventCount: 2,
            tenants: [tenant],
            parked: [{ event: recorded(8n), error: 'bad data', attempts: 1 }],
          },
        ],
        5000,
      );
      await client.query('COMMIT');
      expect([...moved]).toEqual(['moves']);
    } finally {
      client.release();
    }
    const checkpoints = await readCheckpointsAtOnce(db.pool, ['moves', 'raced']);
    const byName = new Map(checkpoints.map((c) => [c.projection, c]));
    expect(byName.get('moves')).toMatchObject({ position: next, eventsProcessed: 2 });
    expect(byName.get('raced')).toMatchObject({ position: START, eventsProcessed: 0 });
    const versions = await db.pool.query(
      `SELECT tenant_id, projection FROM read_model_versions WHERE projection IN ('moves', 'raced')`,
    );
    expect(versions.rows).toEqual([{ tenant_id: tenant, projection: 'moves' }]);
    const parked = await db.pool.query(
      `SELECT projection, error FROM parked_events WHERE projection IN ('moves', 'raced')`,
    );
    expect(parked.rows).toEqual([{ projection: 'moves', error: 'bad data' }]);
  });

  it("gives up on a projection's lock after the lock timeout, moving nothing", async () => {
    const store = testStore(db);
    await createWorkload(store, 21).append(20);
    const page = await store.readAll({ from: START, maxCount: 100 });
    const { logger } = capturingLogger();
    const [held] = allProjections;
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `projection:${held?.name}`,
      ]);
      const started = Date.now();
      await expect(
        applyTogether(
          { pool: db.pool, eventStore: store, logger },
          allProjections.map((projection) => ({ projection, from: START })),
          page,
          200,
        ),
      ).rejects.toMatchObject({ code: '55P03' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const checkpoints = await readCheckpointsAtOnce(
      db.pool,
      allProjections.map((p) => p.name),
    );
    expect(checkpoints.every((c) => c.position.commit === START.commit)).toBe(true);
    await store.close();
  }, 20000);
});
