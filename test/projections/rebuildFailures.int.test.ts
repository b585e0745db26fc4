import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import { allProjections, allProjectionsModule } from '../../src/readModels/allProjections.js';
import { rebuildProjections } from '../../src/projections/rebuild/rebuildProjection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';
import { createWorkload } from './support/workload.js';
import { insertPoisonTokenIssued } from './support/poisonEvent.js';

describe.each([
  ['decoded on the main thread', undefined],
  ['folded in a worker thread', allProjectionsModule],
])('rebuilding every projection past poison events and data errors, %s', (_, projectionsModule) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 20 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('parks a poison event for each projection of its type and narrows a data error to its event', async () => {
    const { logger, records } = capturingLogger();
    const eventStore = testStore(db);
    const workload = createWorkload(eventStore, 59);
    await workload.append(100, { concurrency: 4 });

    // The poison event comes batches before the data error, so the shared
    // pass parks it before the failed batch sends the rest one by one.
    const tenantId = randomUUID();
    const poisonId = await insertPoisonTokenIssued(db.pool, tenantId);
    await workload.append(300, { concurrency: 4 });
    // A valid event that only the agents table refuses: a data error, not poison.
    const refusedAgentId = randomUUID();
    await eventStore.appendToStream(streamNames.agent(tenantId, refusedAgentId), [
      {
        type: 'AgentRegistered',
        data: {
          tenantId,
          agentId: refusedAgentId,
          clientId: `agt_${refusedAgentId.replace(/-/g, '').slice(0, 24)}`,
          name: 'refused',
          description: null,
          scopes: ['read'],
        },
        metadata: {
          tenantId,
          occurredAt: '2026-02-01T00:00:01.000Z',
          actor: { type: 'system', id: 'x' },
          correlationId: 'c',
          causationId: null,
        },
      },
    ]);
    await workload.append(400, { concurrency: 4 });
    await db.pool.query(
      `ALTER TABLE agents ADD CONSTRAINT refuses_a_name CHECK (name <> 'refused')`,
    );

    const finished = await rebuildProjections(
      { pool: db.pool, eventStore, logger },
      allProjections,
      {
        batchSize: 100,
        buildBatchSize: 250,
        lockTimeoutMs: 5000,
        ...(projectionsModule ? { projectionsModule } : {}),
      },
    );
    await eventStore.close();
    expect(finished.map((p) => [p.projection, p.phase, p.done])).toEqual(
      allProjections.map((p) => [p.name, 'done', 802]),
    );
    expect(
      records.some((r) => r.msg === 'data error in a shared rebuild batch; going on one by one'),
    ).toBe(true);

    const parked = await db.pool.query<{ projection: string; event_id: string; attempts: number }>(
      'SELECT projection, event_id, attempts FROM parked_events ORDER BY projection',
    );
    expect(parked.rows).toEqual([
      { projection: 'agentActivity', event_id: poisonId, attempts: 1 },
      { projection: 'agentAnomalies', event_id: poisonId, attempts: 1 },
      { projection: 'agentTokenHours', event_id: poisonId, attempts: 1 },
      { projection: 'agents', event_id: expect.any(String), attempts: 2 },
      { projection: 'dailyMetrics', event_id: poisonId, attempts: 1 },
      { projection: 'monthlyTokens', event_id: poisonId, attempts: 1 },
      { projection: 'quotaThresholds', event_id: poisonId, attempts: 1 },
      { projection: 'scopeUsage', event_id: poisonId, attempts: 1 },
    ]);

    // Everything else is counted: every registration but the refused one is an agent,
    // and dailyMetrics, rolled back with the shared batch, counts the refused one too.
    const counts = await db.pool.query<{ agents: number; registered: number; logged: number }>(
      `SELECT (SELECT count(*)::int FROM agents) AS agents,
              (SELECT coalesce(sum(count), 0)::int FROM analytics_events
                WHERE metric_type = 'agent_registered') AS registered,
              (SELECT count(*)::int FROM events WHERE event_type = 'AgentRegistered') AS logged`,
    );
    expect(counts.rows[0]).toEqual({
      agents: (counts.rows[0]?.logged ?? 0) - 1,
      registered: counts.rows[0]?.logged,
      logged: expect.any(Number),
    });
    const refused = await db.pool.query('SELECT 1 FROM agents WHERE agent_id = $1', [
      refusedAgentId,
    ]);
    expect(refused.rows).toEqual([]);
  }, 60000);
});
