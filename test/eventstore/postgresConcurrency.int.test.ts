import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  comparePositions,
  type RecordedEvent,
  type Subscription,
} from '../../src/eventstore/EventStore.js';
import { streamNames } from '../../src/events/streams.js';
import { appendToStream } from '../../src/eventstore/postgres/appendToStream.js';
import { pollingSubscription } from '../../src/eventstore/postgres/pollingSubscription.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { readAll } from '../../src/eventstore/postgres/readAll.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { eventually, tokenIssued } from './fixtures.js';
import { domainEventCodec } from '../../src/events/registry.js';

// Out-of-order commits: many writers, some holding their transaction open for
// a while after appending, so later positions commit before earlier ones.
// A reader with the visibility guard must see every event exactly once, in
// strictly increasing position order; the same reader without the guard must
// demonstrably skip events in the same workload.

const writers = 20;
const writeForMs = 6000;
const slowShare = 0.3;

interface Reader {
  received: RecordedEvent[];
  subscription: Subscription;
}

function follow(subscribe: (onEvent: (e: RecordedEvent) => void) => Subscription): Reader {
  const received: RecordedEvent[] = [];
  return { received, subscription: subscribe((event) => received.push(event)) };
}

function strictlyIncreasing(events: RecordedEvent[]): boolean {
  return events.every(
    (e, i) => i === 0 || comparePositions(e.position, events[i - 1]!.position) > 0,
  );
}

describe('Postgres event store under out-of-order commits', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: writers + 6 });
    store = new PostgresEventStore({
      codec: domainEventCodec,
      pool: db.pool,
      connectionString: db.url,
      pollIntervalMs: 20,
      subscriptionBatchSize: 50,
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  async function slowAppend(
    stream: string,
    events: ReturnType<typeof tokenIssued>[],
  ): Promise<void> {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await appendToStream(client, stream, events, 'any', domainEventCodec);
      await client.query('SELECT pg_sleep($1)', [0.005 + Math.random() * 0.095]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async function writer(tenantId: string, index: number, written: Set<string>): Promise<void> {
    const agentId = randomUUID();
    const streams = [streamNames.tokens(tenantId, agentId), streamNames.tokens(tenantId, 'shared')];
    const until = Date.now() + writeForMs;
    while (Date.now() < until) {
      const events = Array.from({ length: 1 + (index % 3) }, () => ({
        ...tokenIssued(tenantId, agentId),
        id: randomUUID(),
      }));
      const stream = streams[Math.random() < 0.2 ? 1 : 0]!;
      if (Math.random() < slowShare) await slowAppend(stream, events);
      else await store.appendToStream(stream, events);
      for (const event of events) written.add(event.id);
    }
  }

  it('delivers every event exactly once, in order; without the guard events are skipped', async () => {
    const tenantId = randomUUID();
    const guarded = follow((onEvent) => store.subscribeToAll({ onEvent }));
    const unguarded = follow((onEvent) =>
      pollingSubscription(
        { onEvent },
        {
          readAll: (options) =>
            readAll(db.pool, options, domainEventCodec, { withoutVisibilityGuard: true }),
          batchSize: 50,
          pollIntervalMs: 2,
        },
      ),
    );
    const written = new Set<string>();
    try {
      await Promise.all(Array.from({ length: writers }, (_, i) => writer(tenantId, i, written)));
      const head = await store.headPosition();
      const reachedHead = (reader: Reader) => () => {
        const last = reader.received.at(-1);
        return last !== undefined && comparePositions(last.position, head) >= 0;
      };
      await eventually(reachedHead(guarded), Boolean, { timeoutMs: 20_000 });
      await eventually(reachedHead(unguarded), Boolean, { timeoutMs: 20_000 });
    } finally {
      await Promise.all([guarded.subscription.stop(), unguarded.subscription.stop()]);
    }

    const guardedIds = guarded.received.map((e) => e.id);
    expect(guardedIds).toHaveLength(written.size);
    expect(new Set(guardedIds)).toEqual(written);
    expect(strictlyIncreasing(guarded.received)).toBe(true);

    const skipped = [...written].filter((id) => !unguarded.received.some((e) => e.id === id));
    console.info(
      `out-of-order commits: ${written.size} events written; guarded reader received ` +
        `${guardedIds.length}; unguarded reader skipped ${skipped.length}`,
    );
    expect(written.size).toBeGreaterThan(writers * 10);
    expect(skipped.length).toBeGreaterThan(0);
  }, 60_000);
});
