import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNames } from '../../src/events/streams.js';
import type { EventStore, NewEvent } from '../../src/eventstore/EventStore.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { agentAnomaliesProjection } from '../../src/readModels/agentAnomalies/projection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';

// Two agents busy in the same hours for four weeks, both silent in those
// hours today; one was deactivated before. Only the other one's silence is
// alerted as a drop: the deactivated agent's is what its admin asked for.

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;

function event(
  tenantId: string,
  agentId: string,
  at: number,
  type: 'TokenIssued' | 'AgentDeactivated',
): NewEvent {
  const metadata = {
    tenantId,
    occurredAt: new Date(at).toISOString(),
    actor: { type: 'system' as const, id: 'history' },
    correlationId: randomUUID(),
    causationId: null,
  };
  if (type === 'AgentDeactivated') {
    return { type, data: { tenantId, agentId, reason: 'retired' }, metadata };
  }
  return {
    type,
    data: {
      tenantId,
      agentId,
      clientId: `agt_${agentId.replaceAll('-', '').slice(0, 24)}`,
      jti: randomUUID(),
      scopes: [],
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    metadata,
  };
}

async function busyWeeks(store: EventStore, tenantId: string, agentId: string, hours: number[]) {
  const events: NewEvent[] = [];
  for (let week = 1; week <= 4; week += 1) {
    for (const hour of hours) {
      for (let i = 0; i < 20; i += 1) {
        events.push(event(tenantId, agentId, hour - week * weekMs + i * 60_000, 'TokenIssued'));
      }
    }
  }
  await store.appendToStream(streamNames.tokens(tenantId, agentId), events);
}

describe('anomaly alerts for a deactivated agent', () => {
  let db: TestDatabase;
  const tenant = randomUUID();
  const [working, retired, other] = [randomUUID(), randomUUID(), randomUUID()];
  const thisHour = Math.floor(Date.now() / hourMs) * hourMs;
  const busyHours = [thisHour - 5 * hourMs, thisHour - 4 * hourMs, thisHour - 3 * hourMs];

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = testStore(db);
    await busyWeeks(store, tenant, working, busyHours);
    await busyWeeks(store, tenant, retired, busyHours);
    await store.appendToStream(streamNames.agent(tenant, retired), [
      event(tenant, retired, thisHour - 6 * hourMs, 'AgentDeactivated'),
    ]);
    // Another agent's token now closes the silent hours.
    await store.appendToStream(streamNames.tokens(tenant, other), [
      event(tenant, other, thisHour + 60_000, 'TokenIssued'),
    ]);
    const { logger } = capturingLogger();
    await runProjection({ pool: db.pool, eventStore: store, logger }, agentAnomaliesProjection, {
      target: liveTarget(agentAnomaliesProjection),
      batchSize: 1000,
      lockTimeoutMs: 5000,
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('alerts the working agent’s drop and not the deactivated one’s', async () => {
    const { rows } = await db.pool.query<{ agent_id: string; kind: string }>(
      `SELECT data->>'agentId' AS agent_id, data->>'kind' AS kind FROM webhook_alerts
        WHERE tenant_id = $1 AND event_type = 'anomaly.detected'`,
      [tenant],
    );
    expect(rows.filter((row) => row.kind === 'drop').map((row) => row.agent_id)).toEqual(
      expect.arrayContaining([working]),
    );
    expect(rows.filter((row) => row.agent_id === retired)).toEqual([]);
  });

  it('keeps the findings themselves: the endpoint applies the same rule when it answers', async () => {
    const { rows } = await db.pool.query<{ agent_id: string }>(
      `SELECT DISTINCT agent_id FROM agent_anomalies_hourly
        WHERE tenant_id = $1 AND findings @> '[{"kind": "drop"}]'`,
      [tenant],
    );
    expect(rows.map((row) => row.agent_id).sort()).toEqual([working, retired].sort());
  });
});
