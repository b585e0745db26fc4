import type * as Grpc from '@grpc/grpc-js';
import { grpc, serverFeatures, serverFeaturesService, streamsService } from './generated.js';
import { appendHandlers } from './appendHandlers.js';
import { EventLog } from './log.js';
import { readHandlers } from './readHandlers.js';

// An in-process stand-in for EventStoreDB's gRPC Streams API: Append,
// BatchAppend and Read (streams, $all, filtered $all subscriptions), with the
// server's semantics as the client relies on them. Enough for the adapter's
// contract suite; not a database.

export interface EsdbDouble {
  url: string;
  log: EventLog;
  stop(): Promise<void>;
}
export interface EsdbDoubleOptions {
  /** Advertise BatchAppend as servers since 21.10 do; without it the client falls back to Append. */
  batchAppend?: boolean;
}

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const log = new EventLog();
  const server = new grpc.Server();

  server.addService(serverFeaturesService, {
    getSupportedMethods(_call: unknown, callback: Grpc.sendUnaryData<unknown>) {
      const names = ['read', 'append', ...(options.batchAppend === false ? [] : ['batchappend'])];
      const methods = names.map((name) => {
        const method = new serverFeatures.SupportedMethod();
        method.setServiceName('event_store.client.streams.streams');
        method.setMethodName(name);
        return method;
      });
      const supported = new serverFeatures.SupportedMethods();
      supported.setMethodsList(methods);
      supported.setEventStoreServerVersion('24.10.0');
      callback(null, supported);
    },
  });
  server.addService(streamsService, { ...appendHandlers(log), ...readHandlers(log) });

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
