import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { testStore } from '../projections/support/projectionHarness.js';
import { waitFor } from '../support/waitFor.js';

describe('watching the Postgres store for appends', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('calls back after an append, and no more once stopped', async () => {
    const store = testStore(db);
    let calls = 0;
    const watch = store.watchAppends(() => {
      calls += 1;
    });
    // The first call comes when the listening connection is up.
    await waitFor('the listener to connect', () => calls > 0, 10000);
    const connected = calls;
    const tenantId = randomUUID();
    const agentId = randomUUID();
    await store.appendToStream(streamNames.agent(tenantId, agentId), [
      {
        type: 'AgentRegistered',
        data: {
          tenantId,
          agentId,
          clientId: `agt_${agentId.replace(/-/g, '').slice(0, 24)}`,
          name: 'a',
          description: null,
          scopes: ['read'],
        },
        metadata: {
          tenantId,
          occurredAt: new Date().toISOString(),
          actor: { type: 'system', id: 'x' },
          correlationId: 'c',
          causationId: null,
        },
      },
    ]);
    await waitFor('a call after the append', () => calls > connected, 5000);
    await watch.stop();
    const stopped = calls;
    await store.appendToStream(streamNames.agent(tenantId, randomUUID()), [
      {
        type: 'AgentRegistered',
        data: {
          tenantId,
          agentId: randomUUID(),
          clientId: 'agt_0123456789abcdef',
          name: 'b',
          description: null,
          scopes: ['read'],
        },
        metadata: {
          tenantId,
          occurredAt: new Date().toISOString(),
          actor: { type: 'system', id: 'x' },
          correlationId: 'c',
          causationId: null,
        },
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(stopped);
    await store.close();
  });
});
