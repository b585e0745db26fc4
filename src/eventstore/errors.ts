import { AppError } from '../errors.js';
import type { ExpectedRevision } from './EventStore.js';

export class ExpectedRevisionConflict extends AppError {
  override readonly status = 409;
  override readonly title = 'Conflict';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamName} is at revision ${String(actual)}, expected ${String(expected)}`);
    this.name = 'ExpectedRevisionConflict';
  }
}

export { InvalidEventError } from '../errors.js';

/** The store cannot be reached; commands answer 503 with Retry-After. */
export class EventStoreUnavailableError extends AppError {
  override readonly status = 503;
  override readonly title = 'Service Unavailable';
  /** True when the request never reached the store (no connection): nothing was written. */
  readonly notSent: boolean;
  constructor(cause?: unknown, options: { notSent?: boolean } = {}) {
    super('The event store is unavailable', { cause });
    this.notSent = options.notSent ?? false;
    this.name = 'EventStoreUnavailableError';
    this.headers['Retry-After'] = '5';
  }
}
