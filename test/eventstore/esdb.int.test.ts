import { EsdbEventStore } from '../../src/eventstore/esdb/EsdbEventStore.js';
import { runEventStoreContract } from './contract.js';
import { startEsdbDouble } from './esdbDouble/server.js';
import { domainEventCodec } from '../../src/events/registry.js';

// Against a real EventStoreDB when EVENTSTORE_URL is set (for example
// esdb://127.0.0.1:2113?tls=false); otherwise against the in-process double,
// once as a current server (BatchAppend) and once as an older one (Append).
const realServer = process.env.EVENTSTORE_URL;

if (realServer) {
  runEventStoreContract('EventStoreDB', async () => {
    const store = EsdbEventStore.connect(realServer, domainEventCodec);
    return { store, teardown: () => store.close() };
  });
} else {
  for (const batchAppend of [true, false]) {
    runEventStoreContract(
      `EventStoreDB double (${batchAppend ? 'BatchAppend' : 'Append'})`,
      async () => {
        const double = await startEsdbDouble({ batchAppend });
        const store = EsdbEventStore.connect(double.url, domainEventCodec);
        return {
          store,
          async teardown() {
            await store.close();
            await double.stop();
          },
        };
      },
    );
  }
}
