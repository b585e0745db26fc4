import { beforeAll, describe, expect, it } from '@jest/globals';
import { benchmark, queriesSizes, runQueriesBenchmark } from '../../bench/benchmarks/queries.js';
import { runSmoke } from './support/runSmoke.js';
import { resultMarkdown, type BenchResult } from '../../bench/lib/results.js';

// Keeps the query benchmark runnable: smoke sizes, well-formed results, no
// performance assertions. The benchmark stops if an endpoint's answer differs
// from the raw GROUP BY, so completing also means the answers matched: in
// UTC, and in a zone whose hours straddle UTC hours (BENCH_TIME_ZONE).

describe.each(['UTC', 'Asia/Kathmandu'])('queries benchmark (smoke sizes) in %s', (timeZone) => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runSmoke({
      ...benchmark,
      run: (context) => runQueriesBenchmark(context, queriesSizes[context.mode], { timeZone }),
    });
  }, 90_000);

  it('sets the tenant in the zone, with tokens on another local day than their UTC day', () => {
    expect(result.parameters['timeZone']).toBe(timeZone);
    const shifted = result.parameters['tokensOnAnotherLocalDay'] as number;
    if (timeZone === 'UTC') expect(shifted).toBe(0);
    else expect(shifted).toBeGreaterThan(0);
    expect(resultMarkdown(result)).toContain(`One tenant in ${timeZone}`);
  });

  it('times every endpoint and its raw GROUP BY', () => {
    const { results } = result.data as {
      results: Array<{
        endpoint: string;
        rows: number;
        apiMs: { p50: number; p99: number };
        rawMs: { p50: number; p99: number };
        speedup: number;
      }>;
    };
    expect(results.map((entry) => entry.endpoint)).toEqual([
      'token trend',
      'activity heatmap',
      'agent usage',
    ]);
    for (const entry of results) {
      expect(entry.rows).toBeGreaterThan(0);
      expect(entry.apiMs.p99).toBeGreaterThanOrEqual(entry.apiMs.p50);
      expect(entry.rawMs.p99).toBeGreaterThanOrEqual(entry.rawMs.p50);
      expect(entry.speedup).toBeGreaterThan(0);
    }
    expect(resultMarkdown(result)).toContain('raw GROUP BY p99 ms');
    for (const key of [
      'activity heatmap uncached API p99 ms',
      'agent usage uncached API p99 ms',
      'activity heatmap under live traffic p99 ms',
      'agent usage under live traffic p99 ms',
      'activity heatmap raw/uncached API time',
    ]) {
      expect(result.summary[key]).toBeGreaterThan(0);
    }
    expect(result.parameters).toMatchObject({ liveTokensAppended: expect.any(Number) });
    expect(result.parameters.liveTokensAppended as number).toBeGreaterThan(0);
  });
});
