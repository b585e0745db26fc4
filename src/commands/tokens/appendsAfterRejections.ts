import type { EventStore } from '../../eventstore/EventStore.js';
import type { RejectionRecorder } from './rejectionRecorder.js';

/**
 * The event store as commands use it: an append for a tenant first waits for
 * the tenant's queued token refusals (briefly), so the log keeps the order in
 * which this process answered the tenant's requests. The store's optional
 * capabilities stay available: without watchAppends the projection feeder
 * would read every event through a subscription, and without streamRevision
 * every token request would read and decode its credentials stream's last event.
 */
export function appendsAfterRejections(
  store: EventStore,
  rejections: RejectionRecorder,
  maxWaitMs = 2000,
): EventStore {
  return {
    async appendToStream(streamName, events, options) {
      const tenantId = events[0]?.metadata?.tenantId;
      if (typeof tenantId === 'string') await rejections.flush(tenantId, maxWaitMs);
      return store.appendToStream(streamName, events, options);
    },
    readStream: (streamName, options) => store.readStream(streamName, options),
    ...(store.streamRevision ? { streamRevision: store.streamRevision.bind(store) } : {}),
    ...(store.watchAppends ? { watchAppends: store.watchAppends.bind(store) } : {}),
    readAll: (options) => store.readAll(options),
    scanAll: (options) => store.scanAll(options),
    headPosition: () => store.headPosition(),
    subscribeToAll: (handlers, options) => store.subscribeToAll(handlers, options),
    close: () => store.close(),
  };
}
