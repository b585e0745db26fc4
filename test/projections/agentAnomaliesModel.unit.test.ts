import { describe, expect, it } from '@jest/globals';
import { judgeHour, type HourCounts } from '../../src/readModels/agentAnomalies/anomalyModel.js';
import { poissonQuantile } from '../../src/readModels/agentAnomalies/poisson.js';
import {
  median,
  medianAbsoluteDeviation,
} from '../../src/readModels/agentAnomalies/robustStats.js';

const weeks = (issued: number[], rejected: number[] = issued.map(() => 0)): HourCounts[] =>
  issued.map((count, index) => ({ issued: count, rejected: rejected[index] as number }));

function poissonCdf(k: number, rate: number): number {
  let term = Math.exp(-rate);
  let sum = term;
  for (let i = 1; i <= k; i += 1) {
    term *= rate / i;
    sum += term;
  }
  return sum;
}

describe('robust statistics', () => {
  it('takes the median and the MAD, unmoved by one unusual week', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
    expect(median([10, 11, 9, 10, 500])).toBe(10);
    expect(medianAbsoluteDeviation([10, 11, 9, 10, 500])).toBe(1);
  });
});

describe('Poisson quantiles', () => {
  it.each([
    [0.5, 1],
    [0.99999, 10],
    [0.0001, 20],
    [0.99999, 250],
  ])('gives the smallest k with P(X <= k) >= %p at rate %p', (p, rate) => {
    const k = poissonQuantile(p, rate);
    expect(poissonCdf(k, rate)).toBeGreaterThanOrEqual(p);
    if (k > 0) expect(poissonCdf(k - 1, rate)).toBeLessThan(p);
  });

  it('is 0 at rate 0 and stays finite for rates where e^-rate underflows', () => {
    expect(poissonQuantile(0.99999, 0)).toBe(0);
    const k = poissonQuantile(0.5, 5000);
    expect(k).toBeGreaterThanOrEqual(4999);
    expect(k).toBeLessThanOrEqual(5001);
  });
});

describe('judging one hour against its baseline weeks', () => {
  const busy = weeks([20, 22, 19, 21, 20, 18]);

  it('judges nothing with fewer than three baseline weeks', () => {
    expect(judgeHour({ issued: 500, rejected: 500 }, weeks([10, 10]))).toEqual([]);
    expect(judgeHour({ issued: 500, rejected: 0 }, weeks([10, 10, 10]))).toHaveLength(1);
  });

  it('finds a spike far above the baseline, with its band and a robust score', () => {
    const [spike, ...rest] = judgeHour({ issued: 90, rejected: 0 }, busy);
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({ kind: 'spike', observed: 90, expected_low: expect.any(Number) });
    expect(spike?.expected_high).toBeGreaterThan(22);
    expect(spike?.expected_high).toBeLessThan(50);
    expect(spike?.expected_low).toBeLessThan(18);
    // (90 - 20) / sqrt(20)
    expect(spike?.score).toBeCloseTo(15.65, 2);
  });

  it('lets normal variation pass: the busiest baseline week plus noise is no spike', () => {
    expect(judgeHour({ issued: 35, rejected: 0 }, busy)).toEqual([]);
  });

  it('never alarms for an agent doing one or two tokens an hour', () => {
    const quiet = weeks([1, 2, 1, 2, 1, 2]);
    for (let observed = 0; observed < 10; observed += 1) {
      expect(judgeHour({ issued: observed, rejected: observed }, quiet)).toEqual([]);
    }
  });

  it('finds a drop when a normally busy hour goes silent, not when a quiet one does', () => {
    expect(judgeHour({ issued: 0, rejected: 0 }, busy)).toEqual([
      expect.objectContaining({ kind: 'drop', observed: 0 }),
    ]);
    expect(judgeHour({ issued: 12, rejected: 0 }, busy)).toEqual([]);
    expect(judgeHour({ issued: 0, rejected: 0 }, weeks([6, 5, 7, 6, 5, 6]))).toEqual([]);
  });

  it('finds a drop in a silence of a few hours where one quiet hour is no drop', () => {
    const hourOf = (median: number) => ({
      observed: { issued: 0, rejected: 0 },
      baseline: weeks([median, median + 1, median - 1, median, median + 1, median]),
    });
    const silent = hourOf(5);
    // One hour of an agent doing 5 an hour: not enough to tell.
    expect(judgeHour(silent.observed, silent.baseline)).toEqual([]);
    // Two: 10 expected, still within the band of chance.
    expect(judgeHour(silent.observed, silent.baseline, [hourOf(5)])).toEqual([]);
    // Four silent hours of 5 each: 20 expected, none had.
    const findings = judgeHour(silent.observed, silent.baseline, [hourOf(5), hourOf(5), hourOf(5)]);
    expect(findings).toEqual([expect.objectContaining({ kind: 'drop', observed: 0 })]);
    expect(findings[0]?.score).toBeGreaterThan(3);
    // A busy hour in between ends the run.
    const busyHour = { observed: { issued: 5, rejected: 0 }, baseline: hourOf(5).baseline };
    expect(
      judgeHour(silent.observed, silent.baseline, [hourOf(5), busyHour, hourOf(5), hourOf(5)]),
    ).toEqual([]);
    // A silent hour the agent is never active in is not a drop, whatever came before.
    expect(
      judgeHour({ issued: 0, rejected: 0 }, weeks([0, 0, 0, 0]), [hourOf(5), hourOf(5), hourOf(5)]),
    ).toEqual([]);
  });

  it('finds a new hour: active enough in an hour of the week never active before', () => {
    const silent = weeks([0, 0, 0, 0]);
    expect(judgeHour({ issued: 12, rejected: 0 }, silent)).toEqual([
      { kind: 'new_hour', observed: 12, expected_low: 0, expected_high: 0, score: 12 },
    ]);
    expect(judgeHour({ issued: 9, rejected: 0 }, silent)).toEqual([]);
    // Once active in one baseline week, a burst is judged as a spike instead.
    expect(judgeHour({ issued: 40, rejected: 0 }, weeks([0, 1, 0, 0]))).toEqual([
      expect.objectContaining({ kind: 'spike' }),
    ]);
  });

  it('finds a failure spike beside normal token traffic', () => {
    const findings = judgeHour({ issued: 21, rejected: 25 }, weeks([20, 22, 19, 21], [0, 1, 0, 1]));
    expect(findings).toEqual([expect.objectContaining({ kind: 'failure_spike', observed: 25 })]);
    expect(judgeHour({ issued: 21, rejected: 9 }, weeks([20, 22, 19, 21], [0, 1, 0, 1]))).toEqual(
      [],
    );
  });
});
