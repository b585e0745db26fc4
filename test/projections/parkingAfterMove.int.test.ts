import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/EventStore.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { readCheckpoint, recordProjectionError } from '../../src/projections/runner/checkpoints.js';
import { monthlyTokensProjection } from '../../src/readModels/monthlyTokens/projection.js';
import type { Projection } from '../../src/projections/Projection.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';

function tokenIssued(tenantId: string, agentId: string) {
  return {
    type: 'TokenIssued',
    data: {
      tenantId,
      agentId,
      clientId: `agt_${agentId.replace(/-/g, '').slice(0, 24)}`,
      jti: randomUUID(),
      scopes: ['read'],
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    metadata: {
      tenantId,
      occurredAt: '2026-02-01T10:00:00.000Z',
      actor: { type: 'system' as const, id: 'x' },
      correlationId: 'c',
      causationId: null,
    },
  };
}

describe('parking a failed event when the checkpoint moves in between', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('parks nothing when another writer moved past the failed event, and applies the next one', async () => {
    const store = testStore(db);
    const failing = randomUUID();
    const healthy = randomUUID();
    const healthyAgent = randomUUID();
    await store.appendToStream(streamNames.tokens(failing, randomUUID()), [
      tokenIssued(failing, randomUUID()),
    ]);
    await store.appendToStream(streamNames.tokens(healthy, healthyAgent), [
      tokenIssued(healthy, healthyAgent),
    ]);
    const [failed] = await store.readAll({ maxCount: 1 });

    // The failing tenant's rows break this worker's write once, as a table
    // another writer had not yet repaired would.
    let failures = 0;
    const projection: Projection = {
      ...monthlyTokensProjection,
      async apply(client, table, events) {
        if (failures === 0 && events.some((event) => event.tenantId === failing)) {
          failures += 1;
          throw Object.assign(new Error('refused by a check constraint'), { code: '23514' });
        }
        await monthlyTokensProjection.apply(client, table, events);
      },
    };
    // Between the failure and the parking attempt, another worker (or a
    // rebuild's swap) projects the failed event and moves the checkpoint on.
    let reads = 0;
    const racing: EventStore = Object.create(store) as EventStore;
    racing.readAll = async (options) => {
      reads += 1;
      if (reads === 2) {
        await db.pool.query(
          `UPDATE projection_checkpoints SET commit_position = $2, prepare_position = $3
            WHERE projection = $1`,
          [
            projection.name,
            (failed as RecordedEvent).position.commit.toString(),
            (failed as RecordedEvent).position.prepare.toString(),
          ],
        );
      }
      return store.readAll(options);
    };

    const { logger } = capturingLogger();
    await runProjection({ pool: db.pool, eventStore: racing, logger }, projection, {
      target: liveTarget(projection),
      batchSize: 1,
      lockTimeoutMs: 5000,
    });
    await store.close();

    const parked = await db.pool.query('SELECT event_id, error FROM parked_events');
    expect(parked.rows).toEqual([]);
    const counted = await db.pool.query<{ tenant_id: string; token_count: string }>(
      'SELECT tenant_id, token_count::text FROM agent_monthly_tokens',
    );
    expect(counted.rows).toEqual([{ tenant_id: healthy, token_count: '1' }]);
  });

  it('records a failure only while the checkpoint is still where the failed batch started', async () => {
    const store = testStore(db);
    const tenantId = randomUUID();
    const agentId = randomUUID();
    await store.appendToStream(streamNames.tokens(tenantId, agentId), [
      tokenIssued(tenantId, agentId),
    ]);
    const projection: Projection = {
      ...monthlyTokensProjection,
      name: `failing-${randomUUID()}`,
      async apply() {
        throw new Error('the table is not writable');
      },
    };
    const { logger } = capturingLogger();
    const run = (onError: (error: unknown, at: RecordedEvent['position']) => Promise<void>) =>
      runProjection({ pool: db.pool, eventStore: store, logger }, projection, {
        target: liveTarget(projection),
        batchSize: 10,
        lockTimeoutMs: 5000,
        onError,
      });
    const record = (error: unknown, at: RecordedEvent['position']) =>
      recordProjectionError(db.pool, projection.name, (error as Error).message, at);

    await expect(run(record)).rejects.toThrow('the table is not writable');
    expect((await readCheckpoint(db.pool, projection.name)).lastError).toBe(
      'the table is not writable',
    );

    // Another worker moves the checkpoint on (clearing the error) between the
    // failure and its recording: the stale failure must not come back.
    const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    await expect(
      run(async (error, at) => {
        await db.pool.query(
          `UPDATE projection_checkpoints
              SET commit_position = $2, prepare_position = $3, last_error = NULL
            WHERE projection = $1`,
          [
            projection.name,
            (newest as RecordedEvent).position.commit.toString(),
            (newest as RecordedEvent).position.prepare.toString(),
          ],
        );
        await record(error, at);
      }),
    ).rejects.toThrow('the table is not writable');
    await store.close();
    expect((await readCheckpoint(db.pool, projection.name)).lastError).toBeNull();
  });
});
