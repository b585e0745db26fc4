import { beforeAll, describe, expect, it } from '@jest/globals';
import { benchmark } from '../../bench/benchmarks/scale.js';
import type { QueryScaleCell } from '../../bench/benchmarks/scale/queryScale.js';
import type { RebuildScaleCell } from '../../bench/benchmarks/scale/rebuildScale.js';
import type { TokenScaleCell } from '../../bench/benchmarks/scale/tokenScale.js';
import { resultMarkdown, type BenchResult } from '../../bench/lib/results.js';
import { runSmoke } from './support/runSmoke.js';

// Keeps the scale benchmark runnable: smoke sizes, well-formed results, no
// performance assertions. The benchmark itself checks every endpoint answers
// and every rebuild counts every token.

describe('scale benchmark (smoke sizes)', () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runSmoke(benchmark);
  }, 120_000);

  it('measures every query endpoint at every number of agents', () => {
    const { queries } = result.data as { queries: QueryScaleCell[] };
    const endpoints = new Set(queries.map((cell) => cell.endpoint));
    expect(endpoints.size).toBe(6);
    for (const endpoint of endpoints) {
      expect(queries.filter((cell) => cell.endpoint === endpoint).map((c) => c.agents)).toEqual([
        5, 10, 20,
      ]);
    }
    for (const cell of queries) {
      expect(cell.requestsPerSecond).toBeGreaterThan(0);
      expect(cell.responseBytes).toBeGreaterThan(0);
    }
  });

  it('rebuilds logs of both lengths and issues tokens at every number of clients', () => {
    const { rebuilds, tokens } = result.data as {
      rebuilds: RebuildScaleCell[];
      tokens: TokenScaleCell[];
    };
    expect(rebuilds.map((cell) => cell.events)).toEqual([410, 810]);
    expect(rebuilds.every((cell) => cell.rebuildMs > 0 && cell.readMs > 0)).toBe(true);
    expect(tokens.map((cell) => cell.clients)).toEqual([1, 2, 4]);
    expect(tokens.every((cell) => cell.tokensPerSecond > 0)).toBe(true);
  });

  it('summarises growth and renders its tables', () => {
    expect(Object.keys(result.summary).length).toBeGreaterThan(6);
    const markdown = resultMarkdown(result);
    expect(markdown).toContain('Rebuild of every projection in one pass');
    expect(markdown).toContain('POST /oauth2/token by concurrent clients');
  });
});
