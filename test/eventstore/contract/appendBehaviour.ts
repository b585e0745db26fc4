import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ExpectedRevisionConflict, InvalidEventError } from '../../../src/eventstore/errors.js';
import { comparePositions, type EventStore } from '../../../src/eventstore/EventStore.js';
import { streamNames } from '../../../src/events/streams.js';
import { metadataFor, tenantCreated, tokenIssued } from '../fixtures.js';

export function appendBehaviour(subject: () => EventStore): void {
  let store: EventStore;
  beforeAll(() => {
    store = subject();
  });

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
}
