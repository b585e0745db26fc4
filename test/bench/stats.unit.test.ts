import { describe, expect, it } from '@jest/globals';
import {
  median,
  pairedRatio,
  percentile,
  ratio,
  summarizeLatencies,
} from '../../bench/lib/stats.js';
import { rotate, timedRun } from '../../bench/lib/timedRun.js';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles and medians of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('pairs ratios round by round and refuses a zero baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    // Round 2 ran on a slow machine for both; the paired median ignores that.
    expect(pairedRatio([200, 50, 210], [100, 25, 100])).toBe(2);
    expect(() => pairedRatio([1], [1, 2])).toThrow(RangeError);
  });

  it('summarises latencies', () => {
    expect(summarizeLatencies([5, 1, 3])).toEqual({ count: 3, p50: 3, p99: 5, max: 5 });
  });

  it('rotates contenders so each round starts with another one', () => {
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotate([], 2)).toEqual([]);
  });
});

describe('timedRun', () => {
  it('counts completions inside the window after the warm-up', async () => {
    const seen = new Set<number>();
    const result = await timedRun({
      concurrency: 3,
      warmupMs: 20,
      durationMs: 100,
      operation: async (worker) => {
        seen.add(worker);
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    expect(seen).toEqual(new Set([0, 1, 2]));
    expect(result.operations).toBeGreaterThan(0);
    expect(result.latenciesMs).toHaveLength(result.operations);
    expect(result.operationsPerSecond).toBeCloseTo((result.operations * 1000) / 100);
  });

  it('stretches a window that no operation completed in until one does', async () => {
    let calls = 0;
    const result = await timedRun({
      concurrency: 1,
      warmupMs: 10,
      durationMs: 30,
      // Begins inside the warm-up and ends after the window closed.
      operation: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, calls === 1 ? 80 : 5));
      },
    });
    expect(result.operations).toBe(1);
    expect(result.latenciesMs[0]).toBeGreaterThanOrEqual(5);
    expect(result.elapsedMs).toBeGreaterThan(30);
    expect(result.operationsPerSecond).toBeCloseTo(1000 / result.elapsedMs);
  });

  it('stops every worker and rejects when an operation fails', async () => {
    await expect(
      timedRun({
        concurrency: 2,
        warmupMs: 0,
        durationMs: 1000,
        operation: () => Promise.reject(new Error('boom')),
      }),
    ).rejects.toThrow('boom');
  });
});
