import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  comparePositions,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '../../src/eventstore/EventStore.js';
import {
  EventStoreUnavailableError,
  ExpectedRevisionConflict,
} from '../../src/eventstore/errors.js';
import { appendBatch } from '../../src/eventstore/postgres/appendBatch.js';
import { appendToStream, prepareAppend } from '../../src/eventstore/postgres/appendToStream.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { domainEventCodec } from '../../src/events/registry.js';
import { streamNames } from '../../src/events/streams.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { eventually, tokenIssued } from './fixtures.js';

// Group commit: appends arriving while every round trip is in flight go
// together in one transaction. With one round trip allowed in flight, a gate
// (a stream row locked by another connection) holds the first append, so the
// appends made meanwhile deterministically form one batch once it opens. The
// last two tests use the default settings.

describe('Postgres event store: group commit', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let defaultStore: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 12 });
    const options = {
      codec: domainEventCodec,
      pool: db.pool,
      connectionString: db.url,
      pollIntervalMs: 20,
      subscriptionBatchSize: 50,
    };
    store = new PostgresEventStore({ ...options, appendConcurrency: 1 });
    defaultStore = new PostgresEventStore(options);
  });
  afterAll(async () => {
    await Promise.all([store.close(), defaultStore.close()]);
    await db.drop();
  });

  const tenantId = randomUUID();
  const stream = (label: string): string =>
    streamNames.tokens(tenantId, `${label}-${randomUUID()}`);
  const event = (): NewEvent => ({ ...tokenIssued(tenantId, randomUUID()), id: randomUUID() });

  /** Locks the stream row from another connection until released. */
  async function lockStream(name: string): Promise<{ release(): Promise<void> }> {
    await store.appendToStream(name, [event()]);
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => {});
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM streams WHERE stream_name = $1 FOR UPDATE', [name]);
    return {
      async release() {
        await client.query('ROLLBACK');
        await client.end();
      },
    };
  }

  async function backendWaitingIn(functionName: string): Promise<number> {
    const rows = await eventually(
      async () =>
        (
          await db.pool.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE '%' || $1 || '(%'`,
            [functionName],
          )
        ).rows,
      (found) => found.length === 1,
    );
    return rows[0]!.pid;
  }

  /** Runs `appends` while a first append is held in flight, then opens the gate. */
  async function asOneBatch<T>(appends: () => T): Promise<T> {
    const gateStream = stream('gate');
    const gate = await lockStream(gateStream);
    const first = store.appendToStream(gateStream, [event()]);
    await backendWaitingIn('append_to_stream');
    const pending = appends();
    await gate.release();
    await first;
    return pending;
  }

  async function transactionsOf(ids: string[]): Promise<string[]> {
    const result = await db.pool.query<{ transaction_id: string }>(
      'SELECT DISTINCT transaction_id::text FROM events WHERE event_id = ANY($1::uuid[])',
      [ids],
    );
    return result.rows.map((row) => row.transaction_id);
  }

  async function countsOf(ids: string[]): Promise<number[]> {
    const result = await db.pool.query<{ event_id: string; n: number }>(
      `SELECT id::text AS event_id, (SELECT count(*)::int FROM events e WHERE e.event_id = id) AS n
         FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    return result.rows.map((row) => row.n);
  }

  function settled(promises: Promise<AppendResult>[]) {
    return Promise.allSettled(promises);
  }

  it('commits appends made while one is in flight in one transaction, each with its own result', async () => {
    const streams = Array.from({ length: 10 }, () => stream('batch'));
    const shared = stream('shared');
    const events = [...streams.map(() => event()), event(), event()];
    const results = await asOneBatch(() =>
      Promise.all([
        ...streams.map((name, i) => store.appendToStream(name, [events[i]!])),
        store.appendToStream(shared, [events[10]!]),
        store.appendToStream(shared, [events[11]!]),
      ]),
    );
    expect(await transactionsOf(events.map((e) => e.id!))).toHaveLength(1);
    expect(results.slice(0, 10).every((r) => r.nextExpectedRevision === 0n)).toBe(true);
    expect(results[10]!.nextExpectedRevision).toBe(0n);
    expect(results[11]!.nextExpectedRevision).toBe(1n);
    for (const [i, result] of results.entries()) {
      const [stored] = await store.readAll({
        from: undefined,
        direction: 'backwards',
        maxCount: 1,
        filter: { streamNamePrefixes: [i < 10 ? streams[i]! : shared] },
      });
      expect(stored).toBeDefined();
      if (i !== 10) expect(stored!.position).toEqual(result.position);
    }
    const sharedEvents = await store.readStream(shared);
    expect(sharedEvents.map((e) => e.id)).toEqual([events[10]!.id, events[11]!.id]);
  });

  it('gives several appends of several events to one stream in a batch consecutive revisions in arrival order', async () => {
    const shared = stream('multi');
    const other = stream('multi-other');
    await store.appendToStream(shared, [event()]);
    const batches = [[event(), event()], [event()], [event(), event(), event()]];
    const otherEvents = [event(), event()];
    const results = await asOneBatch(() =>
      Promise.all([
        store.appendToStream(shared, batches[0]!),
        store.appendToStream(other, otherEvents),
        store.appendToStream(shared, batches[1]!),
        store.appendToStream(shared, batches[2]!),
      ]),
    );
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([2n, 1n, 3n, 6n]);
    const written = await store.readStream(shared);
    expect(written.map((e) => e.id)).toEqual([written[0]!.id, ...batches.flat().map((e) => e.id)]);
    expect(written.map((e) => e.streamRevision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n]);
    expect(written[2]!.position).toEqual(results[0]!.position);
    expect(written[6]!.position).toEqual(results[3]!.position);
    expect(
      await transactionsOf([...batches.flat(), ...otherEvents].map((e) => e.id!)),
    ).toHaveLength(1);
  });

  it('refuses only the appends whose expected revision is wrong; the others in the batch are written', async () => {
    const existing = stream('existing');
    await store.appendToStream(existing, [event()]);
    const fresh = stream('fresh');
    const missing = stream('missing');
    const other = stream('other');
    const plan: [string, ExpectedRevision, boolean][] = [
      [existing, 0n, true],
      [existing, 0n, false],
      [fresh, 'no_stream', true],
      [fresh, 'no_stream', false],
      [missing, 'stream_exists', false],
      [existing, 'no_stream', false],
      [other, 'any', true],
      [existing, 'stream_exists', true],
    ];
    const events = plan.map(() => event());
    const outcomes = await asOneBatch(() =>
      settled(
        plan.map(([name, expectedRevision], i) =>
          store.appendToStream(name, [events[i]!], { expectedRevision }),
        ),
      ),
    );
    expect(outcomes.map((o) => o.status === 'fulfilled')).toEqual(plan.map(([, , wins]) => wins));
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(refusals.every((e) => e instanceof ExpectedRevisionConflict)).toBe(true);
    expect(refusals.map((e: ExpectedRevisionConflict) => e.actual)).toEqual([
      1n,
      0n,
      'no_stream',
      1n,
    ]);
    const winners = events.filter((_, i) => plan[i]![2]).map((e) => e.id!);
    const losers = events.filter((_, i) => !plan[i]![2]).map((e) => e.id!);
    expect(await countsOf(winners)).toEqual(winners.map(() => 1));
    expect(await countsOf(losers)).toEqual(losers.map(() => 0));
    expect(await transactionsOf(winners)).toHaveLength(1);
    expect((await store.readStream(existing)).map((e) => e.streamRevision)).toEqual([0n, 1n, 2n]);
    expect(await store.readStream(missing)).toEqual([]);
    // A stream no append of the batch was written to gets no stream row.
    const rows = await db.pool.query('SELECT 1 FROM streams WHERE stream_name = $1', [missing]);
    expect(rows.rowCount).toBe(0);
  });

  it('lets exactly one of many concurrent appends expecting the same revision win, per stream', async () => {
    const streams = Array.from({ length: 8 }, () => stream('race'));
    for (const name of streams) await defaultStore.appendToStream(name, [event()]);
    const attempts = Array.from({ length: 64 }, (_, i) => ({
      name: streams[i % streams.length]!,
      event: event(),
    }));
    const outcomes = await settled(
      attempts.map((a) => defaultStore.appendToStream(a.name, [a.event], { expectedRevision: 0n })),
    );
    for (const name of streams) {
      const mine = outcomes.filter((_, i) => attempts[i]!.name === name);
      expect(mine.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of mine) {
        if (o.status === 'rejected') {
          expect(o.reason).toBeInstanceOf(ExpectedRevisionConflict);
          expect((o.reason as ExpectedRevisionConflict).actual).toBe(1n);
        }
      }
      const written = await defaultStore.readStream(name);
      const winner = attempts.find(
        (a, i) => a.name === name && outcomes[i]!.status === 'fulfilled',
      )!;
      expect(written.map((e) => e.id)).toHaveLength(2);
      expect(written[1]!.id).toBe(winner.event.id);
    }
  });

  it.each(['any', 'stream_exists'] as const)(
    "takes a batch's stream rows in name order, so batches naming them in opposite orders never deadlock (expecting %s)",
    async (expectedRevision) => {
      // Both batches stop at the locked middle row. Taken in arrival order, the
      // first would hold "a" and the second "z" when it opens, each then waiting
      // for the other's.
      const [first, middle, last] = ['a', 'm', 'z'].map((label) =>
        streamNames.tokens(tenantId, `${label}-${randomUUID()}`),
      ) as [string, string, string];
      for (const name of [first, last]) await store.appendToStream(name, [event()]);
      const gate = await lockStream(middle);
      const batch = (names: string[]) =>
        appendBatch(
          db.pool,
          names.map((name) => prepareAppend(name, [event()], expectedRevision, domainEventCodec)),
        );
      const forwards = batch([first, middle, last]);
      await backendWaitingIn('append_to_streams');
      const backwards = batch([last, middle, first]);
      await eventually(
        async () =>
          (
            await db.pool.query(
              `SELECT 1 FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE '%append_to_streams(%'`,
            )
          ).rowCount,
        (waiting) => waiting === 2,
      );
      await gate.release();
      const outcomes = [...(await forwards), ...(await backwards)];
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true, true, true]);
      for (const name of [first, middle, last]) {
        expect((await store.readStream(name)).map((e) => e.streamRevision)).toEqual([0n, 1n, 2n]);
      }
    },
  );

  it('fails only the poisoned append when Postgres refuses a batch; the others are written once', async () => {
    const taken = event();
    await store.appendToStream(stream('taken'), [taken]);
    const streams = Array.from({ length: 6 }, () => stream('poison'));
    const events = streams.map(() => event());
    const poisoned = { ...event(), id: taken.id! };
    const outcomes = await asOneBatch(() =>
      settled([
        ...streams.slice(0, 3).map((name, i) => store.appendToStream(name, [events[i]!])),
        store.appendToStream(stream('poisoned'), [poisoned]),
        ...streams.slice(3).map((name, i) => store.appendToStream(name, [events[i + 3]!])),
      ]),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const refusal = (outcomes[3] as PromiseRejectedResult).reason as { code?: string };
    expect(refusal.code).toBe('23505');
    expect(refusal).not.toBeInstanceOf(EventStoreUnavailableError);
    expect(await countsOf(events.map((e) => e.id!))).toEqual(events.map(() => 1));
    expect(await countsOf([taken.id!])).toEqual([1]);
  });

  it('tells every caller of a batch whose connection is killed that the outcome is unknown, and writes nothing twice', async () => {
    // Two gates: the first holds a lone append in flight while the batch
    // forms; the second stops the batch mid-way (stream rows are taken in name
    // order, so the streams named before it are already locked and updated).
    const late = streamNames.tokens(tenantId, `zz-${randomUUID()}`);
    const lateGate = await lockStream(late);
    const streams = Array.from({ length: 5 }, () =>
      streamNames.tokens(tenantId, `aa-${randomUUID()}`),
    );
    const names = [...streams, late];
    const events = names.map(() => event());
    const { pending } = await asOneBatch(() => ({
      pending: settled(names.map((name, i) => store.appendToStream(name, [events[i]!]))),
    }));
    const pid = await backendWaitingIn('append_to_streams');
    await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    const outcomes = await pending;
    await lateGate.release();

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as EventStoreUnavailableError;
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error.notSent).toBe(false);
    }
    const ids = events.map((e) => e.id!);
    expect(await countsOf(ids)).toEqual(ids.map(() => 0));
    // Told "unknown", callers retry with the same events: written exactly once.
    await Promise.all(names.map((name, i) => store.appendToStream(name, [events[i]!])));
    expect(await countsOf(ids)).toEqual(ids.map(() => 1));
    expect((await store.readStream(late)).map((e) => e.streamRevision)).toEqual([0n, 1n]);
  });

  it('delivers every event exactly once to subscriptions while batches and caller transactions commit out of order', async () => {
    const received: RecordedEvent[] = [];
    const subscription = defaultStore.subscribeToAll(
      { onEvent: (e) => void received.push(e) },
      { filter: { streamNamePrefixes: [`tokens-${tenantId}.`] } },
    );
    const written = new Set<string>();
    const until = Date.now() + 3000;
    const writer = async (index: number): Promise<void> => {
      const own = stream(`writer${index}`);
      while (Date.now() < until) {
        const events = Array.from({ length: 1 + (index % 3) }, () => event());
        if (index % 5 === 0) {
          // A caller's own transaction, held open after its append.
          const client = await db.pool.connect();
          try {
            await client.query('BEGIN');
            await appendToStream(client, own, events, 'any', domainEventCodec);
            await client.query('SELECT pg_sleep($1)', [0.005 + Math.random() * 0.05]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        } else {
          await defaultStore.appendToStream(Math.random() < 0.2 ? stream('hot') : own, events);
        }
        for (const e of events) written.add(e.id!);
      }
    };
    try {
      const before = received.length;
      await Promise.all(Array.from({ length: 24 }, (_, i) => writer(i)));
      const head = await defaultStore.headPosition();
      await eventually(
        () => received.at(-1),
        (last) => last !== undefined && comparePositions(last.position, head) >= 0,
        { timeoutMs: 20_000 },
      );
      const mine = received.slice(before).filter((e) => written.has(e.id));
      expect(mine).toHaveLength(written.size);
      expect(new Set(mine.map((e) => e.id)).size).toBe(written.size);
      expect(
        mine.every((e, i) => i === 0 || comparePositions(e.position, mine[i - 1]!.position) > 0),
      ).toBe(true);
      const transactions = await transactionsOf([...written]);
      // Batches formed: far fewer transactions than appends.
      expect(transactions.length).toBeLessThan(written.size / 2);
    } finally {
      await subscription.stop();
    }
  }, 60_000);
});
