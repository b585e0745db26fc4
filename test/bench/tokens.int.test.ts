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

  interface VariantShape {
    variant: string;
    tenants: number;
    oursVsNaive: number;
    cells: Array<{
      contender: string;
      tokensPerSecond: number;
      latencyMs: { p50: number; p99: number };
      cpuMsPerToken: Record<string, number>;
    }>;
    lag: Record<string, { secondsBehind: { p50: number; p99: number; max: number } }>;
    catchUpMs: number[];
  }
  const variants = () => (result.data as { variants: VariantShape[] }).variants;

  it('measures both contenders, spread over the tenants and on one tenant', () => {
    expect(variants().map((variant) => variant.tenants)).toEqual([2, 1]);
    for (const variant of variants()) {
      expect(variant.cells.map((cell) => cell.contender).sort()).toEqual(['naive', 'ours']);
      expect(variant.oursVsNaive).toBeGreaterThan(0);
      for (const cell of variant.cells) {
        expect(cell.tokensPerSecond).toBeGreaterThan(0);
        expect(cell.latencyMs.p50).toBeGreaterThan(0);
        expect(cell.latencyMs.p99).toBeGreaterThanOrEqual(cell.latencyMs.p50);
        expect(cell.cpuMsPerToken.benchProcess).toBeGreaterThan(0);
      }
    }
  });

  it('reports projection lag and the catch-up time', () => {
    for (const { lag, catchUpMs } of variants()) {
      expect(Object.keys(lag)).toEqual(expect.arrayContaining(['dailyMetrics', 'all']));
      for (const entry of Object.values(lag)) {
        expect(entry.secondsBehind.p99).toBeGreaterThanOrEqual(entry.secondsBehind.p50);
        expect(entry.secondsBehind.max).toBeGreaterThanOrEqual(0);
      }
      expect(catchUpMs.length).toBeGreaterThan(0);
    }
    for (const [, value] of Object.entries(result.summary))
      expect(Number.isFinite(value)).toBe(true);
    expect(resultMarkdown(result)).toContain('Projection lag');
    expect(resultMarkdown(result)).toContain('CPU ms per token');
  });
});
