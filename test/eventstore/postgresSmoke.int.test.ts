import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExpectedRevisionConflict } from '../../src/eventstore/errors.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const tenantId = randomUUID();
const metadata = {
  tenantId,
  occurredAt: '2026-11-25T10:00:00.000Z',
  actor: { type: 'system' as const, id: 'test' },
  correlationId: 'c1',
  causationId: null,
};

describe('Postgres event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, connectionString: db.url, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('appends, reads back and refuses a stale expected revision', async () => {
    const stream = `tenant-${tenantId}`;
    const first = await store.appendToStream(
      stream,
      [{ type: 'TenantCreated', data: { tenantId, name: 'Acme' }, metadata }],
      { expectedRevision: 'no_stream' },
    );
    expect(first.nextExpectedRevision).toBe(0n);
    await expect(
      store.appendToStream(
        stream,
        [{ type: 'TenantCreated', data: { tenantId, name: 'Again' }, metadata }],
        {
          expectedRevision: 'no_stream',
        },
      ),
    ).rejects.toBeInstanceOf(ExpectedRevisionConflict);
    const events = await store.readStream(stream);
    expect(events.map((e) => e.data)).toEqual([{ tenantId, name: 'Acme' }]);
    const all = await store.readAll({ maxCount: 10 });
    expect(all).toHaveLength(1);
  });

  it('delivers appended events to a live subscription', async () => {
    const received: string[] = [];
    let caughtUp = false;
    const subscription = store.subscribeToAll({
      onEvent: (event) => {
        received.push(event.id);
      },
      onCaughtUp: () => {
        caughtUp = true;
      },
    });
    const id = randomUUID();
    await store.appendToStream(`tenant-${randomUUID()}`, [
      { id, type: 'TenantCreated', data: { tenantId, name: 'Live' }, metadata },
    ]);
    for (let i = 0; i < 100 && !received.includes(id); i += 1)
      await new Promise((r) => setTimeout(r, 20));
    await subscription.stop();
    expect(caughtUp).toBe(true);
    expect(received).toContain(id);
  });
});
