import { describe, expect, it } from '@jest/globals';
import type { AppendResult } from '../../src/eventstore/EventStore.js';
import { EventStoreUnavailableError } from '../../src/eventstore/errors.js';
import type { BatchOutcome } from '../../src/eventstore/postgres/appendBatch.js';
import type { PreparedAppend } from '../../src/eventstore/postgres/appendToStream.js';
import { createGroupCommit } from '../../src/eventstore/postgres/groupCommit.js';

// The grouping rule with the round trips replaced by promises the test settles.

function prepared(streamName: string): PreparedAppend {
  return { streamName, expectedRevision: 'any', mode: 'any', exact: null, eventsJson: '[]' };
}

function resultFor(n: number): AppendResult {
  return { nextExpectedRevision: BigInt(n), position: { commit: 1n, prepare: BigInt(n) } };
}

interface Call {
  appends: readonly PreparedAppend[];
  resolve(outcomes: BatchOutcome[] | AppendResult): void;
  reject(error: unknown): void;
}

function harness(maxInFlight: number, maxBatchSize = 64) {
  const calls: Call[] = [];
  const call = <T>(appends: readonly PreparedAppend[]) =>
    new Promise<T>((resolve, reject) => {
      calls.push({ appends, resolve: resolve as Call['resolve'], reject });
    });
  const groupCommit = createGroupCommit({
    maxBatchSize,
    maxInFlight,
    appendOne: (append) => call<AppendResult>([append]),
    appendMany: (appends) => call<BatchOutcome[]>(appends),
  });
  return { calls, append: (name: string) => groupCommit.append(prepared(name)) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  const names = (calls: Call[]) => calls.map((c) => c.appends.map((a) => a.streamName));

  it('sends the appends made in one turn of the event loop together at its end, and groups the ones arriving while all round trips are busy', async () => {
    const { calls, append } = harness(2, 3);
    const results = [append('a')];
    expect(calls).toHaveLength(0);
    await tick();
    expect(names(calls)).toEqual([['a']]);
    results.push(...['b', 'c', 'd', 'e', 'f'].map((name) => append(name)));
    await tick();
    expect(names(calls)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[0]!.resolve(resultFor(0));
    await tick();
    expect(names(calls)).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    calls[1]!.resolve([
      { ok: true, result: resultFor(1) },
      { ok: true, result: resultFor(2) },
      { ok: true, result: resultFor(3) },
    ]);
    calls[2]!.resolve([
      { ok: true, result: resultFor(4) },
      { ok: true, result: resultFor(5) },
    ]);
    const settled = await Promise.all(results);
    expect(settled.map((r) => r.nextExpectedRevision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
  });

  it('sends the appends of one turn in one round trip while others are free', async () => {
    const { calls, append } = harness(4);
    void ['a', 'b', 'c'].map((name) => append(name));
    await tick();
    expect(names(calls)).toEqual([['a', 'b', 'c']]);
  });

  it('tells every caller of a batch whose outcome is unknown, without sending any append again', async () => {
    const { calls, append } = harness(1);
    const first = append('a');
    await tick();
    const rest = [append('b'), append('c')].map((p) => p.catch((error: unknown) => error));
    calls[0]!.resolve(resultFor(0));
    await first;
    await tick();
    const lost = new EventStoreUnavailableError(new Error('Connection terminated'));
    calls[1]!.reject(lost);
    expect(await Promise.all(rest)).toEqual([lost, lost]);
    expect(calls).toHaveLength(2);
  });

  it('sends each append alone after Postgres refused their batch', async () => {
    const { calls, append } = harness(1);
    const first = append('a');
    await tick();
    const rest = [append('b'), append('c')].map((p) => p.catch((error: unknown) => error));
    calls[0]!.resolve(resultFor(0));
    await first;
    await tick();
    calls[1]!.reject(Object.assign(new Error('duplicate key'), { code: '23505' }));
    await tick();
    expect(calls[2]!.appends.map((a) => a.streamName)).toEqual(['b']);
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
    calls[2]!.reject(duplicate);
    await tick();
    expect(calls[3]!.appends.map((a) => a.streamName)).toEqual(['c']);
    calls[3]!.resolve(resultFor(7));
    const [b, c] = await Promise.all(rest);
    expect(b).toBe(duplicate);
    expect((c as AppendResult).nextExpectedRevision).toBe(7n);
  });
});
