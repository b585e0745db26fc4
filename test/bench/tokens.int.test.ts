import { beforeAll, describe, expect, it } from '@jest/globals';
import { benchmark } from '../../bench/benchmarks/tokens.js';
import { runSmoke } from './support/runSmoke.js';
import { resultMarkdown, type BenchResult } from '../../bench/lib/results.js';

// Keeps the token benchmark runnable: smoke sizes, well-formed results, no
// performance assertions.

describe('tokens benchmark (smoke sizes)', () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runSmoke(benchmark);
  }, 90_000);

  it('measures both contenders with positive rates and ordered latencies', () => {
    const { cells } = result.data as {
      cells: Array<{
        contender: string;
        tokensPerSecond: number;
        latencyMs: { p50: number; p99: number };
      }>;
    };
    expect(cells.map((cell) => cell.contender).sort()).toEqual(['naive', 'ours']);
    for (const cell of cells) {
      expect(cell.tokensPerSecond).toBeGreaterThan(0);
      expect(cell.latencyMs.p50).toBeGreaterThan(0);
      expect(cell.latencyMs.p99).toBeGreaterThanOrEqual(cell.latencyMs.p50);
    }
  });

  it('reports projection lag and the catch-up time', () => {
    const { lag, catchUpMs } = result.data as {
      lag: Record<string, { secondsBehind: { p50: number; p99: number; max: number } }>;
      catchUpMs: number[];
    };
    expect(Object.keys(lag)).toEqual(expect.arrayContaining(['dailyMetrics', 'all']));
    for (const entry of Object.values(lag)) {
      expect(entry.secondsBehind.p99).toBeGreaterThanOrEqual(entry.secondsBehind.p50);
      expect(entry.secondsBehind.max).toBeGreaterThanOrEqual(0);
    }
    expect(catchUpMs.length).toBeGreaterThan(0);
    for (const [, value] of Object.entries(result.summary))
      expect(Number.isFinite(value)).toBe(true);
    expect(resultMarkdown(result)).toContain('Projection lag');
  });
});
