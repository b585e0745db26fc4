import type { AppendResult } from '../EventStore.js';
import { EventStoreUnavailableError } from '../errors.js';
import type { BatchOutcome } from './appendBatch.js';
import type { PreparedAppend } from './appendToStream.js';

export interface GroupCommitOptions {
  /** Most appends sent together; 1 sends every append on its own. */
  maxBatchSize: number;
  /** Round trips (a lone append or a batch) in flight at once; appends beyond them wait and are grouped. */
  maxInFlight: number;
  appendOne(append: PreparedAppend): Promise<AppendResult>;
  appendMany(appends: readonly PreparedAppend[]): Promise<BatchOutcome[]>;
}

interface Waiting {
  append: PreparedAppend;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

// Group commit: an append arriving while fewer than maxInFlight round trips
// are in flight is sent at once, alone; appends arriving while all are busy
// wait and go together in the next free round trip, which shares one
// transaction and one WAL flush. So appends are grouped only when they would
// otherwise queue for connections, and a lone append never waits. Every
// caller settles only with its own outcome, after the transaction holding it
// has committed.
export function createGroupCommit(options: GroupCommitOptions): {
  append(append: PreparedAppend): Promise<AppendResult>;
} {
  const waiting: Waiting[] = [];
  let inFlight = 0;

  const settle = async (entry: Waiting, outcome: Promise<AppendResult>): Promise<void> => {
    try {
      entry.resolve(await outcome);
    } catch (error) {
      entry.reject(error);
    }
  };

  const sendBatch = async (batch: Waiting[]): Promise<void> => {
    let outcomes: BatchOutcome[];
    try {
      outcomes = await options.appendMany(batch.map((entry) => entry.append));
    } catch (error) {
      // A lost connection leaves the batch's fate unknown: retrying could
      // write it twice, so every caller is told exactly that.
      if (error instanceof EventStoreUnavailableError) {
        for (const entry of batch) entry.reject(error);
        return;
      }
      // Postgres refused the batch and rolled it back, so nothing of it was
      // written: each append is tried alone, and only a bad one fails.
      for (const entry of batch) await settle(entry, options.appendOne(entry.append));
      return;
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (!outcome) entry.reject(new Error('The batch append returned no outcome for an append'));
      else if (outcome.ok) entry.resolve(outcome.result);
      else entry.reject(outcome.error);
    });
  };

  const sendNext = async (batch: Waiting[]): Promise<void> => {
    const [only] = batch;
    if (only && batch.length === 1) await settle(only, options.appendOne(only.append));
    else await sendBatch(batch);
  };

  const pump = (): void => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      inFlight += 1;
      void sendNext(waiting.splice(0, options.maxBatchSize)).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return {
    append(append) {
      return new Promise<AppendResult>((resolve, reject) => {
        waiting.push({ append, resolve, reject });
        pump();
      });
    },
  };
}
