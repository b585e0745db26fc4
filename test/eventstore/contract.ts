import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExpectedRevisionConflict, InvalidEventError } from '../../src/eventstore/errors.js';
import {
  comparePositions,
  START,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type SubscribeOptions,
} from '../../src/eventstore/EventStore.js';
import { streamNames } from '../../src/eventstore/events/streams.js';
import {
  agentRegistered,
  eventually,
  metadataFor,
  tenantCreated,
  tokenIssued,
  untilReadable,
} from './fixtures.js';

export interface ContractSubject {
  store: EventStore;
  teardown(): Promise<void>;
}

// The behaviour every EventStore adapter must show. Each test uses its own
// tenant (and so its own streams) and filters by it, so tests never depend on
// what else the store holds.
export function runEventStoreContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`${name}: event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await setup();
      store = subject.store;
    });
    afterAll(async () => {
      await subject.teardown();
    });

    /** A tenant with a tenant stream, two agents and their token streams, in append order. */
    async function seedTenant(): Promise<{
      tenantId: string;
      agentIds: string[];
      last: GlobalPosition;
    }> {
      const tenantId = randomUUID();
      const agentIds = [randomUUID(), randomUUID()];
      await store.appendToStream(streamNames.tenant(tenantId), [tenantCreated(tenantId)]);
      let last = START;
      for (const agentId of agentIds) {
        await store.appendToStream(streamNames.agent(tenantId, agentId), [
          agentRegistered(tenantId, agentId),
        ]);
        const appended = await store.appendToStream(streamNames.tokens(tenantId, agentId), [
          tokenIssued(tenantId, agentId),
          tokenIssued(tenantId, agentId),
        ]);
        last = appended.position;
      }
      await untilReadable(store, last);
      return { tenantId, agentIds, last };
    }

    async function readAllInBatches(
      options: { tenantId: string; direction?: 'forwards' | 'backwards'; from?: GlobalPosition },
      batchSize: number,
    ): Promise<RecordedEvent[]> {
      const events: RecordedEvent[] = [];
      let from = options.from;
      for (;;) {
        const batch = await store.readAll({
          direction: options.direction ?? 'forwards',
          maxCount: batchSize,
          filter: { tenantId: options.tenantId },
          ...(from ? { from } : {}),
        });
        events.push(...batch);
        if (batch.length < batchSize) return events;
        from = batch.at(-1)?.position;
      }
    }

    describe('appendToStream with an expected revision', () => {
      it('creates a stream with no_stream and records every field', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const id = randomUUID();
        const before = Date.now();
        const result = await store.appendToStream(
          stream,
          [{ ...tenantCreated(tenantId, 'Acme'), id }],
          { expectedRevision: 'no_stream' },
        );
        expect(result.nextExpectedRevision).toBe(0n);
        const [event, ...rest] = await store.readStream(stream);
        expect(rest).toEqual([]);
        expect(event).toMatchObject({
          id,
          type: 'TenantCreated',
          schemaVersion: 1,
          streamName: stream,
          streamRevision: 0n,
          data: { tenantId, name: 'Acme' },
          metadata: {
            ...metadataFor(tenantId),
            correlationId: expect.any(String),
            schemaVersion: 1,
          },
        });
        expect(event?.position).toEqual(result.position);
        expect(event?.recordedAt).toBeInstanceOf(Date);
        expect(event!.recordedAt.getTime()).toBeGreaterThan(before - 60_000);
      });

      it('refuses no_stream when the stream exists, naming the actual revision', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        await store.appendToStream(stream, [tenantCreated(tenantId), tenantCreated(tenantId)]);
        const failure = await store
          .appendToStream(stream, [tenantCreated(tenantId)], { expectedRevision: 'no_stream' })
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ExpectedRevisionConflict);
        expect(failure).toMatchObject({ streamName: stream, expected: 'no_stream', actual: 1n });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses stream_exists for a missing stream and accepts it for an existing one', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const failure = await store
          .appendToStream(stream, [tenantCreated(tenantId)], { expectedRevision: 'stream_exists' })
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ExpectedRevisionConflict);
        expect(failure).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        expect(await store.readStream(stream)).toEqual([]);
        await store.appendToStream(stream, [tenantCreated(tenantId)]);
        const result = await store.appendToStream(stream, [tenantCreated(tenantId)], {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('accepts the exact current revision and refuses a stale one', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const first = await store.appendToStream(stream, [tenantCreated(tenantId)]);
        const second = await store.appendToStream(stream, [tenantCreated(tenantId)], {
          expectedRevision: first.nextExpectedRevision,
        });
        expect(second.nextExpectedRevision).toBe(1n);
        expect(comparePositions(second.position, first.position)).toBeGreaterThan(0);
        const failure = await store
          .appendToStream(stream, [tenantCreated(tenantId)], { expectedRevision: 0n })
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ExpectedRevisionConflict);
        expect(failure).toMatchObject({ expected: 0n, actual: 1n });
        const missing = await store
          .appendToStream(streamNames.tenant(randomUUID()), [tenantCreated(tenantId)], {
            expectedRevision: 3n,
          })
          .catch((error: unknown) => error);
        expect(missing).toMatchObject({ expected: 3n, actual: 'no_stream' });
      });

      it('appends with any whatever the stream holds', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const first = await store.appendToStream(stream, [tenantCreated(tenantId)], {
          expectedRevision: 'any',
        });
        const second = await store.appendToStream(stream, [tenantCreated(tenantId)]);
        expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 1n]);
      });

      it('writes several events atomically, in order, with consecutive revisions', async () => {
        const tenantId = randomUUID();
        const agentId = randomUUID();
        const stream = streamNames.tokens(tenantId, agentId);
        const events = [1, 2, 3].map(() => tokenIssued(tenantId, agentId));
        const result = await store.appendToStream(stream, events, {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(2n);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.streamRevision)).toEqual([0n, 1n, 2n]);
        expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(read.at(-1)?.position).toEqual(result.position);
        for (let i = 1; i < read.length; i += 1) {
          expect(comparePositions(read[i]!.position, read[i - 1]!.position)).toBeGreaterThan(0);
        }
      });

      it('writes nothing when one event of a batch is invalid or the revision conflicts', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const broken = {
          type: 'TenantCreated',
          data: { tenantId },
          metadata: metadataFor(tenantId),
        };
        await expect(
          store.appendToStream(stream, [tenantCreated(tenantId), broken]),
        ).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.readStream(stream)).toEqual([]);
        await store.appendToStream(stream, [tenantCreated(tenantId)]);
        await expect(
          store.appendToStream(stream, [tenantCreated(tenantId), tenantCreated(tenantId)], {
            expectedRevision: 5n,
          }),
        ).rejects.toBeInstanceOf(ExpectedRevisionConflict);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('rejects unknown types, invalid data and invalid metadata, writing nothing', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const attempts = [
          { type: 'TenantDeleted', data: { tenantId }, metadata: metadataFor(tenantId) },
          {
            type: 'TenantCreated',
            data: { tenantId, name: 'x', extra: 1 },
            metadata: metadataFor(tenantId),
          },
          {
            type: 'TenantCreated',
            data: { tenantId, name: 'x' },
            metadata: { ...metadataFor(tenantId), tenantId: 'nope' },
          },
          {
            type: 'TenantCreated',
            data: { tenantId, name: 'x' },
            metadata: { ...metadataFor(tenantId), occurredAt: '2026-11-25T10:00:00+02:00' },
          },
        ];
        for (const event of attempts) {
          await expect(store.appendToStream(stream, [event])).rejects.toBeInstanceOf(
            InvalidEventError,
          );
        }
        await expect(store.appendToStream(stream, [])).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('refuses secret-looking content in event data and metadata', async () => {
        const tenantId = randomUUID();
        const stream = streamNames.tenant(tenantId);
        const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXZhbHVl';
        const secretName = tenantCreated(tenantId, 'sk_live_0123456789abcdefghijkl');
        const tokenName = tenantCreated(tenantId, jwt);
        const tokenActor = {
          ...tenantCreated(tenantId),
          metadata: { ...metadataFor(tenantId), correlationId: jwt },
        };
        for (const event of [secretName, tokenName, tokenActor]) {
          const failure = await store.appendToStream(stream, [event]).catch((e: unknown) => e);
          expect(failure).toBeInstanceOf(InvalidEventError);
          expect((failure as Error).message).toMatch(/secret/);
        }
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('readStream', () => {
      it('reads forwards and backwards from a revision with a maximum count', async () => {
        const tenantId = randomUUID();
        const agentId = randomUUID();
        const stream = streamNames.tokens(tenantId, agentId);
        await store.appendToStream(
          stream,
          [0, 1, 2, 3, 4].map(() => tokenIssued(tenantId, agentId)),
        );
        const revisions = (events: RecordedEvent[]) => events.map((e) => e.streamRevision);
        expect(revisions(await store.readStream(stream))).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(
          revisions(await store.readStream(stream, { fromRevision: 2n, maxCount: 2 })),
        ).toEqual([2n, 3n]);
        expect(
          revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 })),
        ).toEqual([4n, 3n]);
        expect(
          revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 1n })),
        ).toEqual([1n, 0n]);
        expect(await store.readStream(stream, { fromRevision: 9n })).toEqual([]);
      });

      it('orders revisions numerically past ten', async () => {
        const tenantId = randomUUID();
        const agentId = randomUUID();
        const stream = streamNames.tokens(tenantId, agentId);
        const twelve = Array.from({ length: 12 }, () => tokenIssued(tenantId, agentId));
        await store.appendToStream(stream, twelve.slice(0, 7));
        await store.appendToStream(stream, twelve.slice(7));
        const forwards = await store.readStream(stream, { fromRevision: 8n });
        expect(forwards.map((e) => e.streamRevision)).toEqual([8n, 9n, 10n, 11n]);
        const backwards = await store.readStream(stream, { direction: 'backwards', maxCount: 3 });
        expect(backwards.map((e) => e.streamRevision)).toEqual([11n, 10n, 9n]);
        const all = await store.readAll({ maxCount: 20, filter: { tenantId } });
        expect(all.map((e) => e.data)).toEqual(twelve.map((e) => e.data));
      });

      it('returns nothing for a stream that does not exist', async () => {
        expect(await store.readStream(streamNames.tenant(randomUUID()))).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads a tenant forwards in batches, in append order, with exclusive from positions', async () => {
        const { tenantId, agentIds } = await seedTenant();
        const events = await readAllInBatches({ tenantId }, 2);
        expect(events.map((e) => e.type)).toEqual([
          'TenantCreated',
          'AgentRegistered',
          'TokenIssued',
          'TokenIssued',
          'AgentRegistered',
          'TokenIssued',
          'TokenIssued',
        ]);
        expect(events[1]?.streamName).toBe(streamNames.agent(tenantId, agentIds[0]!));
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
        for (let i = 1; i < events.length; i += 1) {
          expect(comparePositions(events[i]!.position, events[i - 1]!.position)).toBeGreaterThan(0);
        }
      });

      it('reads backwards in batches as the exact reverse', async () => {
        const { tenantId } = await seedTenant();
        const forwards = await readAllInBatches({ tenantId }, 3);
        const backwards = await readAllInBatches({ tenantId, direction: 'backwards' }, 3);
        expect(backwards.map((e) => e.id)).toEqual(forwards.map((e) => e.id).reverse());
        const before = await store.readAll({
          direction: 'backwards',
          from: forwards[3]!.position,
          maxCount: 10,
          filter: { tenantId },
        });
        expect(before.map((e) => e.id)).toEqual(
          forwards
            .slice(0, 3)
            .map((e) => e.id)
            .reverse(),
        );
      });

      it('resumes after a checkpoint position without repeating or skipping', async () => {
        const { tenantId } = await seedTenant();
        const all = await readAllInBatches({ tenantId }, 100);
        const resumed = await readAllInBatches({ tenantId, from: all[2]!.position }, 100);
        expect(resumed.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
        const unfiltered = await store.readAll({ from: all[2]!.position, maxCount: 1 });
        expect(comparePositions(unfiltered[0]!.position, all[2]!.position)).toBeGreaterThan(0);
      });

      it('filters by event type, stream-name prefix and tenant', async () => {
        const { tenantId, agentIds } = await seedTenant();
        const other = await seedTenant();
        const read = (filter: object) =>
          store.readAll({ maxCount: 100, filter: { tenantId, ...filter } });
        const tokens = await read({ eventTypes: ['TokenIssued'] });
        expect(tokens.map((e) => e.type)).toEqual([
          'TokenIssued',
          'TokenIssued',
          'TokenIssued',
          'TokenIssued',
        ]);
        const agentStream = streamNames.agent(tenantId, agentIds[1]!);
        const byPrefix = await store.readAll({
          maxCount: 100,
          filter: { streamNamePrefixes: [agentStream] },
        });
        expect(byPrefix.map((e) => e.streamName)).toEqual([agentStream]);
        const tenantOnly = await read({});
        expect(tenantOnly).toHaveLength(7);
        expect(tenantOnly.every((e) => e.metadata.tenantId === tenantId)).toBe(true);
        const otherTypes = await store.readAll({
          maxCount: 100,
          filter: { tenantId: other.tenantId, eventTypes: ['TenantCreated', 'AgentRegistered'] },
        });
        expect(otherTypes.map((e) => e.type)).toEqual([
          'TenantCreated',
          'AgentRegistered',
          'AgentRegistered',
        ]);
      });

      it('reports the newest position as the head', async () => {
        const { last } = await seedTenant();
        const head = await store.headPosition();
        expect(comparePositions(head, last)).toBeGreaterThanOrEqual(0);
        const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
        expect(comparePositions(head, newest!.position)).toBeGreaterThanOrEqual(0);
      });
    });

    describe('subscribeToAll', () => {
      type Entry = { kind: 'event'; event: RecordedEvent } | { kind: 'caughtUp' };

      function subscribe(options: SubscribeOptions) {
        const log: Entry[] = [];
        const checkpoints: GlobalPosition[] = [];
        const errors: Error[] = [];
        const subscription = store.subscribeToAll(
          {
            onEvent: (event) => {
              log.push({ kind: 'event', event });
            },
            onCaughtUp: () => log.push({ kind: 'caughtUp' }),
            onCheckpoint: (position) => {
              checkpoints.push(position);
            },
            onError: (error) => errors.push(error),
          },
          options,
        );
        const events = () => log.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []));
        return { subscription, log, checkpoints, errors, events };
      }

      it('catches up, reports it, then delivers live events in order', async () => {
        const { tenantId } = await seedTenant();
        const sub = subscribe({ filter: { tenantId } });
        try {
          await eventually(
            () => sub.log,
            (log) => log.some((e) => e.kind === 'caughtUp'),
          );
          expect(sub.events()).toHaveLength(7);
          const live = await store.appendToStream(streamNames.tenant(tenantId), [
            tenantCreated(tenantId, 'Live'),
          ]);
          await eventually(
            () => sub.events(),
            (events) => events.length === 8,
          );
          const caughtUpAt = sub.log.findIndex((e) => e.kind === 'caughtUp');
          const liveAt = sub.log.findIndex(
            (e) =>
              e.kind === 'event' &&
              e.event.position.commit === live.position.commit &&
              e.event.position.prepare === live.position.prepare,
          );
          expect(liveAt).toBeGreaterThan(caughtUpAt);
          const events = sub.events();
          for (let i = 1; i < events.length; i += 1) {
            expect(comparePositions(events[i]!.position, events[i - 1]!.position)).toBeGreaterThan(
              0,
            );
          }
          expect(sub.errors).toEqual([]);
        } finally {
          await sub.subscription.stop();
        }
      });

      it('resumes after a position, exclusively', async () => {
        const { tenantId } = await seedTenant();
        const all = await readAllInBatches({ tenantId }, 100);
        const sub = subscribe({ from: all[3]!.position, filter: { tenantId } });
        try {
          await eventually(
            () => sub.events(),
            (events) => events.length >= 3,
          );
          await eventually(
            () => sub.log,
            (log) => log.some((e) => e.kind === 'caughtUp'),
          );
          expect(sub.events().map((e) => e.id)).toEqual(all.slice(4).map((e) => e.id));
        } finally {
          await sub.subscription.stop();
        }
      });

      it('applies event-type and stream-prefix filters, live as well', async () => {
        const { tenantId, agentIds } = await seedTenant();
        const agentStream = streamNames.agent(tenantId, agentIds[0]!);
        const byType = subscribe({ filter: { tenantId, eventTypes: ['AgentRegistered'] } });
        const byPrefix = subscribe({ filter: { streamNamePrefixes: [agentStream] } });
        try {
          await store.appendToStream(agentStream, [
            {
              type: 'AgentDeactivated',
              data: { tenantId, agentId: agentIds[0]!, reason: null },
              metadata: metadataFor(tenantId),
            },
          ]);
          await eventually(
            () => byPrefix.events(),
            (events) => events.length === 2,
          );
          await eventually(
            () => byType.log,
            (log) => log.some((e) => e.kind === 'caughtUp'),
          );
          expect(byPrefix.events().map((e) => e.type)).toEqual([
            'AgentRegistered',
            'AgentDeactivated',
          ]);
          expect(byType.events().map((e) => e.type)).toEqual([
            'AgentRegistered',
            'AgentRegistered',
          ]);
        } finally {
          await Promise.all([byType.subscription.stop(), byPrefix.subscription.stop()]);
        }
      });

      it('advances checkpoints even when the filter matches nothing', async () => {
        const { last } = await seedTenant();
        const sub = subscribe({ filter: { tenantId: randomUUID() } });
        try {
          await eventually(
            () => sub.checkpoints,
            (checkpoints) => checkpoints.some((c) => comparePositions(c, last) >= 0),
          );
          expect(sub.events()).toEqual([]);
          for (let i = 1; i < sub.checkpoints.length; i += 1) {
            expect(
              comparePositions(sub.checkpoints[i]!, sub.checkpoints[i - 1]!),
            ).toBeGreaterThanOrEqual(0);
          }
        } finally {
          await sub.subscription.stop();
        }
      });

      it('delivers nothing after stop', async () => {
        const tenantId = randomUUID();
        const sub = subscribe({ filter: { tenantId } });
        await eventually(
          () => sub.log,
          (log) => log.some((e) => e.kind === 'caughtUp'),
        );
        await sub.subscription.stop();
        const appended = await store.appendToStream(streamNames.tenant(tenantId), [
          tenantCreated(tenantId),
        ]);
        await untilReadable(store, appended.position);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(sub.events()).toEqual([]);
      });
    });
  });
}
