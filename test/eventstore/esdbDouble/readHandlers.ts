import { randomUUID } from 'node:crypto';
import type * as Grpc from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { streams } from './generated.js';
import type { EventLog, StoredEvent } from './log.js';
import {
  checkpointResponse,
  eventMatcher,
  eventResponse,
  streamIdentifier,
  streamNameOf,
} from './messages.js';

const defaultSearchWindow = 32;

// Read serves stream reads, $all reads and $all subscriptions, told apart by
// the request's options.
export function readHandlers(log: EventLog) {
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

  return {
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
  };
}
