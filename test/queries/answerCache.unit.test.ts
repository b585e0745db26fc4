import { describe, expect, it } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
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
    expect((await cache.getOrCompute('a', answer.compute)).json.toString()).toBe('[1]');
    expect((await cache.getOrCompute('a', answer.compute)).json.toString()).toBe('[1]');
    expect(answer.calls()).toBe(1);
    const other = counting('[2]');
    expect((await cache.getOrCompute('b', other.compute)).json.toString()).toBe('[2]');
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
    expect((await cache.getOrCompute('a', answer.compute)).json.toString()).toBe('[3]');
  });

  it('keeps a large answer gzipped beside the plain bytes', async () => {
    const cache = answerCache({ maxBytes: 1024 * 1024 });
    const body = JSON.stringify(Array.from({ length: 500 }, (_, hour) => ({ hour, count: 1 })));
    const answer = await cache.getOrCompute('large', counting(body).compute);
    expect(answer.json.toString()).toBe(body);
    expect(answer.gzip).toBeDefined();
    expect(gunzipSync(answer.gzip as Buffer).toString()).toBe(body);
    expect((answer.gzip as Buffer).length).toBeLessThan(answer.json.length / 4);
    const small = await cache.getOrCompute('small', counting('[]').compute);
    expect(small.gzip).toBeUndefined();
  });

  it('shares one computation between concurrent requests for a key', async () => {
    const cache = answerCache({ maxBytes: 1024 });
    let release: (body: string) => void = () => undefined;
    let calls = 0;
    const slow = () => {
      calls += 1;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    };
    const first = cache.getOrCompute('a', slow);
    const second = cache.getOrCompute('a', slow);
    release('[1]');
    expect((await first).json.toString()).toBe('[1]');
    expect((await second).json.toString()).toBe('[1]');
    expect(calls).toBe(1);
  });

  it('lets a request waiting on a failed computation compute its own answer', async () => {
    const cache = answerCache({ maxBytes: 1024 });
    let fail: (error: Error) => void = () => undefined;
    const failing = () =>
      new Promise<string>((_resolve, reject) => {
        fail = reject;
      });
    const own = counting('[2]');
    const first = cache.getOrCompute('a', failing);
    const second = cache.getOrCompute('a', own.compute);
    fail(new Error('statement timeout'));
    await expect(first).rejects.toThrow('statement timeout');
    expect((await second).json.toString()).toBe('[2]');
    expect(own.calls()).toBe(1);
  });

  it('retries a failed shared computation once for all its waiters', async () => {
    const cache = answerCache({ maxBytes: 1024 });
    let fail: (error: Error) => void = () => undefined;
    const failing = () =>
      new Promise<string>((_resolve, reject) => {
        fail = reject;
      });
    const retry = counting('[4]');
    const first = cache.getOrCompute('a', failing);
    const waiters = [1, 2, 3].map(() => cache.getOrCompute('a', retry.compute));
    fail(new Error('statement timeout'));
    await expect(first).rejects.toThrow('statement timeout');
    const answers = await Promise.all(waiters);
    expect(answers.map((answer) => answer.json.toString())).toEqual(['[4]', '[4]', '[4]']);
    expect(retry.calls()).toBe(1);
  });
});
