import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '../../../src/eventstore/EventStore.js';
import { streamNames } from '../../../src/events/streams.js';
import { tokenIssued } from '../fixtures.js';
import { readAllInBatches, seedTenant } from './seeding.js';

export function readBehaviour(subject: () => EventStore): void {
  let store: EventStore;
  beforeAll(() => {
    store = subject();
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
      expect(revisions(await store.readStream(stream, { fromRevision: 2n, maxCount: 2 }))).toEqual([
        2n,
        3n,
      ]);
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

    it("answers the revision of a stream's last event, where the store offers it", async () => {
      if (!store.streamRevision) return;
      const tenantId = randomUUID();
      const agentId = randomUUID();
      const stream = streamNames.tokens(tenantId, agentId);
      expect(await store.streamRevision(stream)).toBeUndefined();
      await store.appendToStream(stream, [tokenIssued(tenantId, agentId)]);
      expect(await store.streamRevision(stream)).toBe(0n);
      const eleven = Array.from({ length: 11 }, () => tokenIssued(tenantId, agentId));
      await store.appendToStream(stream, eleven);
      expect(await store.streamRevision(stream)).toBe(11n);
      const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      expect(last?.streamRevision).toBe(11n);
    });

    it('returns nothing for a stream that does not exist', async () => {
      expect(await store.readStream(streamNames.tenant(randomUUID()))).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('reads a tenant forwards in batches, in append order, with exclusive from positions', async () => {
      const { tenantId, agentIds } = await seedTenant(store);
      const events = await readAllInBatches(store, { tenantId }, 2);
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
      const { tenantId } = await seedTenant(store);
      const forwards = await readAllInBatches(store, { tenantId }, 3);
      const backwards = await readAllInBatches(store, { tenantId, direction: 'backwards' }, 3);
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
      const { tenantId } = await seedTenant(store);
      const all = await readAllInBatches(store, { tenantId }, 100);
      const resumed = await readAllInBatches(store, { tenantId, from: all[2]!.position }, 100);
      expect(resumed.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
      const unfiltered = await store.readAll({ from: all[2]!.position, maxCount: 1 });
      expect(comparePositions(unfiltered[0]!.position, all[2]!.position)).toBeGreaterThan(0);
    });

    it('reads the same events with their JSON as text, where the store offers it', async () => {
      if (!store.readAllText) return;
      const tenantId = randomUUID();
      const agentId = randomUUID();
      await store.appendToStream(
        streamNames.tokens(tenantId, agentId),
        [0, 1, 2].map(() => tokenIssued(tenantId, agentId)),
      );
      const options = { filter: { tenantId }, maxCount: 10 };
      const events = await store.readAll(options);
      const texts = await store.readAllText(options);
      expect(texts.map((text) => typeof text.dataText)).toEqual(['string', 'string', 'string']);
      expect(
        texts.map(({ dataText, ...rest }) => ({ ...rest, data: JSON.parse(dataText) as unknown })),
      ).toEqual(
        events.map(({ id, type, schemaVersion, streamName, position, data, metadata }) => ({
          id,
          type,
          schemaVersion,
          streamName,
          position,
          data,
          metadata: { tenantId: metadata.tenantId, occurredAt: metadata.occurredAt },
        })),
      );
      const [, second] = events;
      expect(
        (await store.readAllText({ ...options, from: second?.position })).map((text) => text.id),
      ).toEqual(events.slice(2).map((event) => event.id));
    });

    it('filters by event type, stream-name prefix and tenant', async () => {
      const { tenantId, agentIds } = await seedTenant(store);
      const other = await seedTenant(store);
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

    it('scans in bounded steps that resume where they stopped, in both directions', async () => {
      const { tenantId } = await seedTenant(store);
      await seedTenant(store);
      for (const direction of ['forwards', 'backwards'] as const) {
        const expected = await store.readAll({
          direction,
          maxCount: 100,
          filter: { tenantId, eventTypes: ['TokenIssued'] },
        });
        const found: RecordedEvent[] = [];
        let from: GlobalPosition | null | undefined;
        for (let step = 0; from !== null; step += 1) {
          expect(step).toBeLessThan(5000);
          const scan = await store.scanAll({
            direction,
            maxCount: 3,
            maxScan: 2,
            filter: { tenantId, eventTypes: ['TokenIssued'] },
            ...(from ? { from } : {}),
          });
          expect(scan.scanned).toBeLessThanOrEqual(2);
          expect(scan.events.length).toBeLessThanOrEqual(Math.min(3, scan.scanned));
          found.push(...scan.events);
          from = scan.resumeFrom;
        }
        expect(found.map((e) => e.id)).toEqual(expected.map((e) => e.id));
        expect(found).toHaveLength(4);
      }
    });

    it('reports the newest position as the head', async () => {
      const { last } = await seedTenant(store);
      const head = await store.headPosition();
      expect(comparePositions(head, last)).toBeGreaterThanOrEqual(0);
      const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      expect(comparePositions(head, newest!.position)).toBeGreaterThanOrEqual(0);
    });
  });
}
