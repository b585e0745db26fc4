import { beforeAll, describe, expect, it } from '@jest/globals';
import { benchmark } from '../../bench/benchmarks/rebuild.js';
import { runSmoke } from './support/runSmoke.js';
import { resultMarkdown, type BenchResult } from '../../bench/lib/results.js';

// Keeps the rebuild benchmark runnable: smoke sizes, well-formed results, no
// performance assertions. The benchmark itself checks the rebuilt counts.

describe('rebuild benchmark (smoke sizes)', () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runSmoke(benchmark);
  }, 90_000);

  it('rebuilds every projection and reads the log, with positive rates', () => {
    const { perProjection, readMs, projectedTokens } = result.data as {
      perProjection: Array<{ projection: string; eventsPerSecond: number; vsRead: number }>;
      readMs: number[];
      projectedTokens: number;
    };
    expect(perProjection.map((entry) => entry.projection).sort()).toEqual([
      'agentActivity',
      'agentAnomalies',
      'agentTokenHours',
      'agents',
      'dailyMetrics',
      'monthlyTokens',
      'quotaThresholds',
      'revokedTokens',
      'scopeUsage',
      'tenantSettings',
      'tokenFailures',
    ]);
    for (const entry of perProjection) {
      expect(entry.eventsPerSecond).toBeGreaterThan(0);
      expect(entry.vsRead).toBeGreaterThan(0);
    }
    expect(readMs.length).toBeGreaterThan(0);
    expect(projectedTokens).toBeGreaterThan(0);
  });

  it('summarises the ratio to the raw read rate, paired round by round', () => {
    const ratio = result.summary['rebuild all in one pass / raw read (events/s)'];
    expect(ratio).toBeGreaterThan(0);
    const { pairedReadMs, pairedPassMs } = result.data as {
      pairedReadMs: number[];
      pairedPassMs: number[];
    };
    expect(pairedReadMs).toHaveLength(pairedPassMs.length);
    expect(pairedPassMs.length).toBeGreaterThan(0);
    const readOverPass = (pairedReadMs[0] as number) / (pairedPassMs[0] as number);
    if (pairedPassMs.length === 1) expect(ratio).toBeCloseTo(readOverPass, 2);
    expect(result.summary['rebuild all in one pass / raw read, unpaired medians']).toBeGreaterThan(
      0,
    );
    expect(resultMarkdown(result)).toContain('rebuild all in one pass');
  });

  it('measures the floor of reading and folding beside each pair, and still ends with full tables', () => {
    const { pairedReadMs, pairedFloorMs } = result.data as {
      pairedReadMs: number[];
      pairedFloorMs: number[];
    };
    expect(pairedFloorMs).toHaveLength(pairedReadMs.length);
    const floor = result.summary['one pass without writes / raw read'];
    if (pairedFloorMs.length === 1) {
      expect(floor).toBeCloseTo((pairedReadMs[0] as number) / (pairedFloorMs[0] as number), 2);
    }
    expect(resultMarkdown(result)).toContain('one pass without writes');
    // The benchmark checks the rebuilt dailyMetrics against the tokens it wrote:
    // the real pass after the empty one filled the tables again.
    expect((result.data as { projectedTokens: number }).projectedTokens).toBeGreaterThan(0);
  });
});
