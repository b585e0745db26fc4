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

// Group commit: the appends made during one turn of the event loop leave
// together at its end, in one round trip when one is free (alone when there
// is only one); appends arriving while all maxInFlight round trips are busy
// wait and go together in the next free one. A batch shares one transaction
// and one WAL flush. So an append waits only for the rest of its turn (the
// other requests resumed by the same socket reads, whose appends it then
// shares a round trip with) or for a busy pool. Every caller settles only
// with its own outcome, after the transaction holding it has committed.
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

  // Appends made during one turn of the event loop (requests resumed by the
  // same socket reads) leave together at its end, so they share a round trip
  // even while others are free.
  let pumpScheduled = false;
  const pumpAtEndOfTurn = (): void => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  };

  return {
    append(append) {
      return new Promise<AppendResult>((resolve, reject) => {
        waiting.push({ append, resolve, reject });
        pumpAtEndOfTurn();
      });
    },
  };
}
