import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokensIssuedInPeriod } from '../../src/commands/quotas/quotaSeed.js';
import type { GlobalPosition } from '../../src/eventstore/EventStore.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { domainEventCodec } from '../../src/events/registry.js';
import { streamNames } from '../../src/events/streams.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const tenantId = randomUUID();
const agentId = randomUUID();
const clientId = 'agt_0123456789abcdef0123456789abcdef';

describe('the event-sourced count a lost quota counter is rebuilt from', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({
      codec: domainEventCodec,
      pool: db.pool,
      connectionString: db.url,
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const issue = async (
    at: string,
    type: 'TokenIssued' | 'TokenRequestRejected' = 'TokenIssued',
  ) => {
    const data =
      type === 'TokenIssued'
        ? {
            tenantId,
            agentId,
            clientId,
            jti: randomUUID(),
            scopes: [],
            expiresAt: '2030-01-01T00:00:00.000Z',
          }
        : { tenantId, agentId, clientId, error: 'quota_exceeded', reason: 'quota reached' };
    const result = await store.appendToStream(streamNames.tokens(tenantId, agentId), [
      {
        type,
        data,
        metadata: {
          tenantId,
          occurredAt: at,
          actor: { type: 'agent', id: clientId },
          correlationId: 'seed-test',
          causationId: null,
        },
      },
    ]);
    return result.position;
  };
  const checkpointAt = (position: GlobalPosition) =>
    db.pool.query(
      `INSERT INTO projection_checkpoints (projection, commit_position, prepare_position)
       VALUES ('agentTokenHours', $1, $2)
       ON CONFLICT (projection) DO UPDATE SET commit_position = $1, prepare_position = $2`,
      [position.commit.toString(), position.prepare.toString()],
    );
  const hourRow = (hour: string, tokens: number) =>
    db.pool.query(
      `INSERT INTO agent_token_hours (tenant_id, agent_id, hour, tokens) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, agent_id, hour) DO UPDATE SET tokens = $4`,
      [tenantId, agentId, hour, tokens],
    );
  const day = {
    tenantId,
    agentId,
    start: new Date('2026-03-15T00:00:00Z'),
    end: new Date('2026-03-16T00:00:00Z'),
  };

  it('adds the folded rows up to the checkpoint and the stream’s events after it, in the period only', async () => {
    // Not yet projected at all: everything comes from the stream.
    await issue('2026-03-14T23:59:59.999Z'); // the day before
    await issue('2026-03-15T00:00:00.000Z');
    const folded = await issue('2026-03-15T09:10:00.000Z');
    expect(await tokensIssuedInPeriod({ pool: db.pool, eventStore: store }, day)).toBe(2);

    // The projection folds those three: rows for their hours, checkpoint after them.
    await hourRow('2026-03-14T23:00:00Z', 1);
    await hourRow('2026-03-15T00:00:00Z', 1);
    await hourRow('2026-03-15T09:00:00Z', 1);
    await checkpointAt(folded);
    // Then more events it has not folded yet, a refusal among them (not a token).
    await issue('2026-03-15T09:20:00.000Z');
    await issue('2026-03-15T09:21:00.000Z', 'TokenRequestRejected');
    await issue('2026-03-15T23:59:59.999Z');
    await issue('2026-03-16T00:00:00.000Z'); // the day after
    expect(await tokensIssuedInPeriod({ pool: db.pool, eventStore: store }, day)).toBe(4);
  });
});
