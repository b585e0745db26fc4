import { beforeAll, describe, expect, it } from '@jest/globals';
import { benchmark } from '../../bench/benchmarks/anomalies.js';
import { resultMarkdown, type BenchResult } from '../../bench/lib/results.js';
import { runSmoke } from './support/runSmoke.js';

// Keeps the anomalies benchmark runnable: smoke sizes, well-formed results,
// and the projection agreeing with the pure model. The targets are for the
// full run (bench/results/anomalies.md), not asserted here.

describe('anomalies benchmark (smoke sizes)', () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runSmoke(benchmark);
  }, 90_000);

  it('reports precision, recall and false alarms under the agreed keys', () => {
    expect(Object.keys(result.summary).sort()).toEqual([
      'anomaly precision',
      'anomaly recall',
      'false alarms per agent-week',
    ]);
    for (const value of Object.values(result.summary)) expect(Number.isFinite(value)).toBe(true);
    expect(result.summary['anomaly precision']).toBeGreaterThan(0);
    expect(resultMarkdown(result)).toContain('Injected anomalies found, per kind');
  });

  it('scores every kind and finds the same anomalies through the projection', () => {
    const { scores, projected } = result.data as {
      scores: Array<{ kind: string; injected: number }>;
      projected: Array<{ events: number; mismatches: number }>;
    };
    expect(scores.map((entry) => entry.kind)).toEqual([
      'spike',
      'drop',
      'new_hour',
      'failure_spike',
      'all',
    ]);
    expect(scores.at(-1)?.injected).toBeGreaterThan(0);
    expect(projected.length).toBeGreaterThan(0);
    for (const entry of projected) {
      expect(entry.events).toBeGreaterThan(0);
      expect(entry.mismatches).toBe(0);
    }
  });
});
