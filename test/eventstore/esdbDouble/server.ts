import { randomUUID } from 'node:crypto';
import type * as Grpc from '@grpc/grpc-js';
import type {
  AppendReq,
  BatchAppendReq,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb.js';
import {
  googleAny,
  googleEmpty,
  grpc,
  serverFeatures,
  serverFeaturesService,
  shared,
  status,
  streams,
  streamsService,
} from './generated.js';
import { EventLog, type Expected, type ProposedEvent, type StoredEvent } from './log.js';
import {
  checkpointResponse,
  eventMatcher,
  eventResponse,
  streamIdentifier,
  streamNameOf,
} from './messages.js';

// An in-process stand-in for EventStoreDB's gRPC Streams API: Append,
// BatchAppend and Read (streams, $all, filtered $all subscriptions), with the
// server's semantics as the client relies on them. Enough for the adapter's
// contract suite; not a database.

export interface EsdbDouble {
  url: string;
  log: EventLog;
  stop(): Promise<void>;
}

const defaultSearchWindow = 32;

function toProposed(
  message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? '',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function missingMetadata(events: ProposedEvent[]): Grpc.ServiceError | undefined {
  if (events.every((e) => e.type && e.contentType)) return undefined;
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'missing-required-metadata-property');
  metadata.set('required-metadata-properties', 'type,content-type');
  return Object.assign(new Error('Missing required metadata property'), {
    code: grpc.status.INVALID_ARGUMENT,
    details: 'Missing required metadata property',
    metadata,
  });
}

function appendExpected(options: AppendReq.Options): Expected {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function batchExpected(options: BatchAppendReq.Options): Expected {
  if (options.hasStreamPosition()) {
    return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  }
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
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

  server.addService(streamsService, {
    append(
      call: Grpc.ServerReadableStream<AppendReq, unknown>,
      callback: Grpc.sendUnaryData<unknown>,
    ) {
      let options: AppendReq.Options | undefined;
      const proposed: ProposedEvent[] = [];
      call.on('data', (request: AppendReq) => {
        if (request.hasOptions()) options = request.getOptions();
        const message = request.getProposedMessage();
        if (message) proposed.push(toProposed(message));
      });
      call.on('end', () => {
        if (!options)
          return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'no options' });
        const invalid = missingMetadata(proposed);
        if (invalid) return callback(invalid);
        const expected = appendExpected(options);
        const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, proposed);
        const response = new streams.AppendResp();
        if (outcome.ok) {
          const success = new streams.AppendResp.Success();
          success.setCurrentRevision(outcome.revision.toString());
          const position = new streams.AppendResp.Position();
          position.setCommitPosition(outcome.position.toString());
          position.setPreparePosition(outcome.position.toString());
          success.setPosition(position);
          response.setSuccess(success);
        } else {
          const wrong = new streams.AppendResp.WrongExpectedVersion();
          if (outcome.current === undefined) wrong.setCurrentNoStream(new shared.Empty());
          else wrong.setCurrentRevision(outcome.current.toString());
          if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
          else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
          else if (expected.kind === 'stream_exists')
            wrong.setExpectedStreamExists(new shared.Empty());
          else wrong.setExpectedAny(new shared.Empty());
          response.setWrongExpectedVersion(wrong);
        }
        callback(null, response);
      });
    },

    batchAppend(call: Grpc.ServerDuplexStream<BatchAppendReq, unknown>) {
      const pending = new Map<
        string,
        { options?: BatchAppendReq.Options; events: ProposedEvent[] }
      >();
      call.on('data', (request: BatchAppendReq) => {
        const correlation = request.getCorrelationId();
        const key = correlation?.getString() ?? '';
        const batch = pending.get(key) ?? { events: [] };
        if (request.hasOptions()) batch.options = request.getOptions();
        batch.events.push(...request.getProposedMessagesList().map(toProposed));
        pending.set(key, batch);
        if (!request.getIsFinal() || !batch.options) return;
        pending.delete(key);
        const invalid = missingMetadata(batch.events);
        if (invalid) {
          call.destroy(invalid);
          return;
        }
        const streamName = streamNameOf(batch.options.getStreamIdentifier());
        const expected = batchExpected(batch.options);
        const outcome = log.append(streamName, expected, batch.events);
        const response = new streams.BatchAppendResp();
        response.setCorrelationId(correlation);
        // The client reads the stream name from here when it reports an error.
        response.setStreamIdentifier(streamIdentifier(streamName));
        if (outcome.ok) {
          const success = new streams.BatchAppendResp.Success();
          success.setCurrentRevision(outcome.revision.toString());
          const position = new shared.AllStreamPosition();
          position.setCommitPosition(outcome.position.toString());
          position.setPreparePosition(outcome.position.toString());
          success.setPosition(position);
          response.setSuccess(success);
        } else {
          const wrong = new shared.WrongExpectedVersion();
          if (outcome.current === undefined) wrong.setCurrentNoStream(new googleEmpty.Empty());
          else wrong.setCurrentStreamRevision(outcome.current.toString());
          if (expected.kind === 'revision')
            wrong.setExpectedStreamPosition(expected.revision.toString());
          else if (expected.kind === 'no_stream')
            wrong.setExpectedNoStream(new googleEmpty.Empty());
          else if (expected.kind === 'stream_exists')
            wrong.setExpectedStreamExists(new googleEmpty.Empty());
          else wrong.setExpectedAny(new googleEmpty.Empty());
          const details = new googleAny.Any();
          details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
          const error = new status.Status();
          error.setCode(grpc.status.FAILED_PRECONDITION);
          error.setMessage('Wrong expected version');
          error.setDetails(details);
          response.setError(error);
        }
        call.write(response);
      });
      call.on('end', () => call.end());
    },

    read(call: Grpc.ServerWritableStream<ReadReq, ReadResp>) {
      const options = call.request.getOptions();
      if (!options) return call.destroy(new Error('no options'));
      const backwards =
        options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS;
      const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
      if (options.hasStream()) return readStream(call, options, backwards, count);
      if (options.hasSubscription()) return subscribeToAll(call, options);
      const all = options.getAll();
      let events: StoredEvent[] = backwards ? [...log.events].reverse() : log.events;
      const from = all?.getPosition();
      if (from) {
        const position = BigInt(from.getCommitPosition());
        // Forwards from a position includes it; backwards gives what lies before it.
        events = events.filter((e) => (backwards ? e.position < position : e.position >= position));
      }
      events.slice(0, count).forEach((event) => call.write(eventResponse(event)));
      call.end();
    },
  });

  function readStream(
    call: Grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    backwards: boolean,
    count: number,
  ): void {
    const streamOptions = options.getStream();
    const name = streamNameOf(streamOptions?.getStreamIdentifier());
    const stored = log.stream(name);
    if (!stored) {
      const notFound = new streams.ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamIdentifier(name));
      const response = new streams.ReadResp();
      response.setStreamNotFound(notFound);
      call.write(response);
      call.end();
      return;
    }
    let events = backwards ? [...stored].reverse() : stored;
    if (streamOptions?.hasRevision()) {
      const revision = BigInt(streamOptions.getRevision());
      events = events.filter((e) => (backwards ? e.revision <= revision : e.revision >= revision));
    }
    events.slice(0, count).forEach((event) => call.write(eventResponse(event)));
    call.end();
  }

  // Catch-up from the start, after a position (exclusive) or from the end;
  // then live. A filtered subscription sends a checkpoint every
  // (window x multiplier) events scanned, matching or not, and one more just
  // before caught_up.
  function subscribeToAll(
    call: Grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
  ): void {
    const all = options.getAll();
    const filter = options.hasFilter() ? options.getFilter() : undefined;
    const matches = eventMatcher(filter);
    const window = filter?.hasMax() ? filter.getMax() : defaultSearchWindow;
    const interval = window * Math.max(1, filter?.getCheckpointintervalmultiplier() ?? 1);
    let next = 0;
    if (all?.hasEnd()) next = log.events.length;
    const from = all?.getPosition();
    if (from) {
      const position = BigInt(from.getCommitPosition());
      next = log.events.findIndex((e) => e.position > position);
      if (next < 0) next = log.events.length;
    }
    let scanned = 0;
    let lastScanned: bigint | undefined;

    const confirmation = new streams.ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const confirm = new streams.ReadResp();
    confirm.setConfirmation(confirmation);
    call.write(confirm);

    const pump = (): void => {
      while (next < log.events.length) {
        const event = log.events[next]!;
        next += 1;
        if (matches(event)) call.write(eventResponse(event));
        scanned += 1;
        lastScanned = event.position;
        if (filter && scanned % interval === 0) call.write(checkpointResponse(event.position));
      }
    };
    pump();
    if (filter && lastScanned !== undefined) call.write(checkpointResponse(lastScanned));
    const caughtUp = new streams.ReadResp();
    caughtUp.setCaughtUp(new streams.ReadResp.CaughtUp());
    call.write(caughtUp);
    const unsubscribe = log.onAppend(pump);
    call.on('cancelled', unsubscribe);
    call.on('close', unsubscribe);
  }

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
