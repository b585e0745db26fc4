import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../../eventstore/EventStore.js';
import { EventStoreUnavailableError } from '../../eventstore/errors.js';
import type { Logger } from '../../logger.js';

// Refused token requests are appended after the answer, in the background:
// awaiting the append only for known clients made their refusals measurably
// slower than those of unknown client ids. The append starts a few
// milliseconds after the answer, so its work does not even compete with the
// answer's delivery; any other append for the same tenant first waits for
// the tenant's queued refusals (appendsAfterRejections), so the log keeps
// the order in which requests were answered. Every refusal, known or not,
// waits for room in the queue (whenRoom), so a full queue slows both alike.
// An append that fails is retried with the same event ids until the store
// takes it (a retry after a commit whose answer was lost is a duplicate,
// which counts as done); only an error other than an unreachable store ends
// in the error log after repeated tries. Graceful shutdown drains the queue;
// a killed process loses what was still queued.

export interface PendingAppend {
  streamName: string;
  events: readonly NewEvent[];
}

export interface RejectionRecorder {
  /** Resolves once the queue has room (at once, unless the store has been failing for a while). */
  whenRoom(): Promise<void>;
  /** Queues events for appending; call after whenRoom(). */
  record(append: PendingAppend): void;
  /** Appends the tenant's queued refusals now; resolves when they are in, or after timeoutMs. */
  flush(tenantId: string, timeoutMs: number): Promise<void>;
  /** Events not yet appended. */
  pending(): number;
  /** Resolves when the queue is empty, or after timeoutMs; says whether it emptied. */
  drain(timeoutMs: number): Promise<boolean>;
}

export interface RejectionRecorderOptions {
  eventStore: EventStore;
  logger: Logger;
  capacity?: number;
  /** How long after the answer the append starts. */
  deferMs?: number;
  /** First retry delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

const uniqueViolation = '23505';
/** An error other than an unreachable store is not expected to pass; after this many tries the events go to the error log. */
const maxAttemptsOnOtherErrors = 10;

interface Queued extends PendingAppend {
  tenantId: string;
}

export function createRejectionRecorder(options: RejectionRecorderOptions): RejectionRecorder {
  const capacity = options.capacity ?? 10_000;
  const deferMs = options.deferMs ?? 5;
  const firstRetryMs = options.retryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 5000;
  const queue: Queued[] = [];
  const pendingByTenant = new Map<string, number>();
  let running = false;
  let deferred: NodeJS.Timeout | undefined;
  let roomWaiters: Array<() => void> = [];
  let settledWaiters: Array<() => void> = [];

  const wake = (waiters: Array<() => void>) => {
    for (const resolve of waiters) resolve();
  };

  const appendOnce = async (append: Queued, attempt: number): Promise<void> => {
    try {
      await options.eventStore.appendToStream(append.streamName, append.events, {
        expectedRevision: 'any',
      });
    } catch (error) {
      // The same event ids were already committed by an earlier attempt.
      if (attempt > 1 && (error as { code?: string }).code === uniqueViolation) return;
      throw error;
    }
  };

  const done = () => {
    const head = queue.shift() as Queued;
    const left = (pendingByTenant.get(head.tenantId) ?? 1) - 1;
    if (left > 0) pendingByTenant.set(head.tenantId, left);
    else pendingByTenant.delete(head.tenantId);
    if (queue.length < capacity) {
      const waiters = roomWaiters;
      roomWaiters = [];
      wake(waiters);
    }
    const waiters = settledWaiters;
    settledWaiters = [];
    wake(waiters);
  };

  const run = async (): Promise<void> => {
    let retryMs = firstRetryMs;
    let attempt = 1;
    while (queue.length > 0) {
      const head = queue[0] as Queued;
      try {
        await appendOnce(head, attempt);
        done();
        attempt = 1;
        retryMs = firstRetryMs;
      } catch (error) {
        const unreachable = error instanceof EventStoreUnavailableError;
        if (!unreachable && attempt >= maxAttemptsOnOtherErrors) {
          options.logger.error(
            { err: error, streamName: head.streamName, events: head.events },
            'gave up recording a rejected token request',
          );
          done();
          attempt = 1;
          retryMs = firstRetryMs;
          continue;
        }
        options.logger[unreachable ? 'warn' : 'error'](
          { err: error, streamName: head.streamName, attempt, queued: queue.length },
          'could not record a rejected token request yet; retrying',
        );
        attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, maxRetryMs);
      }
    }
    running = false;
    const waiters = settledWaiters;
    settledWaiters = [];
    wake(waiters);
  };

  const startNow = () => {
    if (deferred) clearTimeout(deferred);
    deferred = undefined;
    if (running || queue.length === 0) return;
    running = true;
    void run();
  };

  /** Resolves when settled() holds, or after timeoutMs; says whether it held. */
  const waitUntil = (settled: () => boolean, timeoutMs: number): Promise<boolean> =>
    new Promise((resolve) => {
      const check = () => {
        if (settled()) {
          clearTimeout(timer);
          resolve(true);
        } else {
          settledWaiters.push(check);
        }
      };
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      check();
    });

  return {
    whenRoom() {
      if (queue.length < capacity) return Promise.resolve();
      return new Promise((resolve) => roomWaiters.push(resolve));
    },
    record(append) {
      const events = append.events.map((event) => ({ ...event, id: event.id ?? randomUUID() }));
      const tenantId = String(events[0]?.metadata?.tenantId ?? '');
      queue.push({ streamName: append.streamName, events, tenantId });
      pendingByTenant.set(tenantId, (pendingByTenant.get(tenantId) ?? 0) + 1);
      if (!running && !deferred) deferred = setTimeout(startNow, deferMs);
    },
    async flush(tenantId, timeoutMs) {
      if (!pendingByTenant.has(tenantId)) return;
      startNow();
      await waitUntil(() => !pendingByTenant.has(tenantId), timeoutMs);
    },
    pending: () => queue.length,
    drain(timeoutMs) {
      startNow();
      return waitUntil(() => queue.length === 0 && !running, timeoutMs);
    },
  };
}
