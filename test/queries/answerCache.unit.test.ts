import { describe, expect, it } from '@jest/globals';
import { answerCache } from '../../src/queries/answerCache.js';

function counting(body: string) {
  let calls = 0;
  return {
    compute: async () => {
      calls += 1;
      return body;
    },
    calls: () => calls,
  };
}

describe('answerCache', () => {
  it('computes an answer once per key', async () => {
    const cache = answerCache({ maxBytes: 1024 });
    const answer = counting('[1]');
    expect(await cache.getOrCompute('a', answer.compute)).toBe('[1]');
    expect(await cache.getOrCompute('a', answer.compute)).toBe('[1]');
    expect(answer.calls()).toBe(1);
    const other = counting('[2]');
    expect(await cache.getOrCompute('b', other.compute)).toBe('[2]');
    expect(other.calls()).toBe(1);
  });

  it('evicts the least recently used answers beyond its memory', async () => {
    const cache = answerCache({ maxBytes: 100 });
    const first = counting('x'.repeat(40));
    await cache.getOrCompute('first', first.compute);
    await cache.getOrCompute('second', counting('y'.repeat(40)).compute);
    await cache.getOrCompute('third', counting('z'.repeat(40)).compute);
    await cache.getOrCompute('first', first.compute);
    expect(first.calls()).toBe(2);
  });

  it('does not keep an answer larger than its memory', async () => {
    const cache = answerCache({ maxBytes: 10 });
    const big = counting('x'.repeat(50));
    await cache.getOrCompute('big', big.compute);
    await cache.getOrCompute('big', big.compute);
    expect(big.calls()).toBe(2);
  });

  it('keeps nothing when given no memory', async () => {
    const cache = answerCache({ maxBytes: 0 });
    const answer = counting('[]');
    await cache.getOrCompute('a', answer.compute);
    await cache.getOrCompute('a', answer.compute);
    expect(answer.calls()).toBe(2);
  });

  it('does not keep a failed computation', async () => {
    const cache = answerCache({ maxBytes: 1024 });
    await expect(
      cache.getOrCompute('a', () => Promise.reject(new Error('timeout'))),
    ).rejects.toThrow('timeout');
    const answer = counting('[3]');
    expect(await cache.getOrCompute('a', answer.compute)).toBe('[3]');
  });
});
