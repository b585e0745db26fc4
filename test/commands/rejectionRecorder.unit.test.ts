import { describe, expect, it } from '@jest/globals';
import { appendsAfterRejections } from '../../src/commands/tokens/appendsAfterRejections.js';
import { createRejectionRecorder } from '../../src/commands/tokens/rejectionRecorder.js';
import type { EventStore, NewEvent } from '../../src/eventstore/EventStore.js';
import { EventStoreUnavailableError } from '../../src/eventstore/errors.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger({ level: 'silent' });

function event(tenantId: string, n: number | string): NewEvent {
  return {
    type: 'TokenRequestRejected',
    data: { n },
    metadata: {
      tenantId,
      occurredAt: '2026-11-25T12:00:00.000Z',
      actor: { type: 'agent', id: 'agt_x' },
      correlationId: `c${n}`,
      causationId: null,
    },
  };
}

/** An event store whose appends fail while `down` is set; it records what was appended, in order. */
function fakeStore(options: { commitThenFail?: number } = {}) {
  const appended: { streamName: string; ids: string[]; n: unknown }[] = [];
  const seen = new Set<string>();
  let commitThenFail = options.commitThenFail ?? 0;
  const state = { down: false };
  const store = {
    async appendToStream(streamName: string, events: readonly NewEvent[]) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (state.down) throw new EventStoreUnavailableError();
      if (events.some((e) => e.id && seen.has(e.id))) {
        throw Object.assign(new Error('duplicate key'), { code: '23505' });
      }
      for (const e of events) if (e.id) seen.add(e.id);
      appended.push({
        streamName,
        ids: events.map((e) => e.id as string),
        n: (events[0]?.data as { n?: unknown }).n,
      });
      if (commitThenFail > 0) {
        commitThenFail -= 1;
        throw new EventStoreUnavailableError(); // committed, but the answer was lost
      }
      return { nextExpectedRevision: 0n, position: { commit: 0n, prepare: 0n } };
    },
  } as unknown as EventStore;
  return { store, appended, state };
}

describe('rejection recorder', () => {
  it('retries through an outage and loses nothing, appending each event once', async () => {
    const { store, appended, state } = fakeStore({ commitThenFail: 1 });
    const recorder = createRejectionRecorder({
      eventStore: store,
      logger,
      retryMs: 5,
      maxRetryMs: 20,
    });
    state.down = true;
    for (let n = 0; n < 3; n += 1) recorder.record({ streamName: 's', events: [event('t', n)] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(appended).toHaveLength(0);
    expect(recorder.pending()).toBe(3);
    state.down = false;
    expect(await recorder.drain(2000)).toBe(true);
    expect(appended.map((a) => a.n)).toEqual([0, 1, 2]);
    expect(new Set(appended.flatMap((a) => a.ids)).size).toBe(3);
  });

  it('makes every refusal wait for room when the queue is full', async () => {
    const { store, state } = fakeStore();
    const recorder = createRejectionRecorder({
      eventStore: store,
      logger,
      capacity: 2,
      retryMs: 5,
      maxRetryMs: 10,
    });
    state.down = true;
    recorder.record({ streamName: 's', events: [event('t', 0)] });
    recorder.record({ streamName: 's', events: [event('t', 1)] });
    let roomAt: number | undefined;
    const room = recorder.whenRoom().then(() => {
      roomAt = Date.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(roomAt).toBeUndefined();
    state.down = false;
    await room;
    expect(roomAt).toBeDefined();
    await recorder.drain(1000);
  });

  it("appends a tenant's queued refusals before any other append for the tenant", async () => {
    const { store, appended } = fakeStore();
    const recorder = createRejectionRecorder({ eventStore: store, logger, deferMs: 1000 });
    const commands = appendsAfterRejections(store, recorder);
    recorder.record({ streamName: 'rejections', events: [event('t', 'refused')] });
    await commands.appendToStream('issued', [event('t', 'issued')]);
    expect(appended.map((a) => a.n)).toEqual(['refused', 'issued']);
    // Another tenant does not wait.
    recorder.record({ streamName: 'rejections', events: [event('t', 'later')] });
    await commands.appendToStream('other', [event('u', 'other')]);
    expect(appended.map((a) => a.n)).toEqual(['refused', 'issued', 'other']);
    await recorder.drain(1000);
  });

  it("keeps the store's optional watchAppends and streamRevision, and leaves them out where it has none", async () => {
    const { store } = fakeStore();
    const recorder = createRejectionRecorder({ eventStore: store, logger });
    const watched: string[] = [];
    // Methods that need their own store as `this`, as PostgresEventStore's do.
    const capable = Object.assign(Object.create({ label: 'postgres' }) as object, store, {
      watchAppends(this: { label: string }, onAppended: () => void) {
        watched.push(this.label);
        onAppended();
        return { stop: async () => {} };
      },
      async streamRevision(this: { label: string }, streamName: string) {
        watched.push(`${this.label}:${streamName}`);
        return 4n;
      },
    }) as EventStore;
    const commands = appendsAfterRejections(capable, recorder);
    let woken = 0;
    await commands.watchAppends?.(() => (woken += 1)).stop();
    expect(woken).toBe(1);
    expect(await commands.streamRevision?.('agent-x')).toBe(4n);
    expect(watched).toEqual(['postgres', 'postgres:agent-x']);

    const plain = appendsAfterRejections(store, recorder);
    expect(plain.watchAppends).toBeUndefined();
    expect(plain.streamRevision).toBeUndefined();
    await recorder.drain(1000);
  });
});
