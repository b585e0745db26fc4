import { createServer } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { EventStoreUnavailableError } from '../../src/eventstore/errors.js';
import { EsdbEventStore } from '../../src/eventstore/esdb/EsdbEventStore.js';
import { streamNames } from '../../src/events/streams.js';
import { tenantCreated } from './fixtures.js';
import { domainEventCodec } from '../../src/events/registry.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('EventStoreDB adapter without a server', () => {
  it('reports appends, reads and subscriptions as unavailable', async () => {
    const store = EsdbEventStore.connect(
      `esdb://127.0.0.1:${await closedPort()}?tls=false`,
      domainEventCodec,
    );
    const tenantId = '6f1c1b5e-4a4e-4b8e-9a39-3a4c1d1f0a11';
    try {
      await expect(
        store.appendToStream(streamNames.tenant(tenantId), [tenantCreated(tenantId)]),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(store.readStream(streamNames.tenant(tenantId))).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      const errors: Error[] = [];
      const subscription = store.subscribeToAll(
        { onEvent: () => {}, onError: (error) => errors.push(error) },
        {},
      );
      const deadline = Date.now() + 10_000;
      while (errors.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await subscription.stop();
      expect(errors[0]).toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await store.close();
    }
  });
});
