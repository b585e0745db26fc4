import { randomUUID } from 'node:crypto';
import type * as Grpc from '@grpc/grpc-js';
import type { AppendReq, BatchAppendReq } from '@eventstore/db-client/generated/streams_pb.js';
import { googleAny, googleEmpty, grpc, shared, status, streams } from './generated.js';
import type { EventLog, Expected, ProposedEvent } from './log.js';
import { streamIdentifier, streamNameOf } from './messages.js';

// Append (client streaming: options, then one message per event) and
// BatchAppend (bidirectional, correlated batches), each with its own
// wrong-expected-version encoding, as the client decodes them.

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

export function appendHandlers(log: EventLog) {
  return {
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
  };
}
