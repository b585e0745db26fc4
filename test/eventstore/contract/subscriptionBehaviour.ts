import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type SubscribeOptions,
} from '../../../src/eventstore/EventStore.js';
import { streamNames } from '../../../src/events/streams.js';
import { eventually, metadataFor, tenantCreated, untilReadable } from '../fixtures.js';
import { readAllInBatches, seedTenant } from './seeding.js';

export function subscriptionBehaviour(subject: () => EventStore): void {
  let store: EventStore;
  beforeAll(() => {
    store = subject();
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
      const { tenantId } = await seedTenant(store);
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
          expect(comparePositions(events[i]!.position, events[i - 1]!.position)).toBeGreaterThan(0);
        }
        expect(sub.errors).toEqual([]);
      } finally {
        await sub.subscription.stop();
      }
    });

    it('resumes after a position, exclusively', async () => {
      const { tenantId } = await seedTenant(store);
      const all = await readAllInBatches(store, { tenantId }, 100);
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
      const { tenantId, agentIds } = await seedTenant(store);
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
        expect(byType.events().map((e) => e.type)).toEqual(['AgentRegistered', 'AgentRegistered']);
      } finally {
        await Promise.all([byType.subscription.stop(), byPrefix.subscription.stop()]);
      }
    });

    it('advances checkpoints even when the filter matches nothing', async () => {
      const { last } = await seedTenant(store);
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
}
