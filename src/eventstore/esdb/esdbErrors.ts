import {
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, ExpectedRevisionConflict } from '../errors.js';
import type { ExpectedRevision } from '../EventStore.js';

const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);
// gRPC UNAVAILABLE and DEADLINE_EXCEEDED: the client passes raw gRPC errors
// through on some paths, such as its first ServerFeatures call.
const unreachableGrpcStatuses = new Set([4, 14]);

/** Turns client errors into ours: conflicts stay typed, connection trouble becomes a 503. */
export function toStoreError(
  error: unknown,
  append?: { streamName: string; expectedRevision: ExpectedRevision },
): Error {
  if (append && error instanceof WrongExpectedVersionError) {
    return new ExpectedRevisionConflict(
      append.streamName,
      append.expectedRevision,
      error.actualVersion === 'no_stream' ? 'no_stream' : BigInt(error.actualVersion),
    );
  }
  const code = (error as { code?: unknown }).code;
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    (typeof code === 'string' && unreachableCodes.has(code)) ||
    (typeof code === 'number' && unreachableGrpcStatuses.has(code))
  ) {
    return new EventStoreUnavailableError(error);
  }
  return error instanceof Error ? error : new Error(String(error));
}
