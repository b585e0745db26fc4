import { madToSigma, median, medianAbsoluteDeviation } from './robustStats.js';
import { poissonQuantile } from './poisson.js';

// The anomaly model, pure: one agent's counts in one closed UTC hour against
// the same hour of the week in the previous weeks. docs/api.md explains it in
// plain words; bench/benchmarks/anomalies.ts measures it.

export const anomalyKinds = ['spike', 'drop', 'new_hour', 'failure_spike'] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];

export interface HourCounts {
  issued: number;
  rejected: number;
}

export interface Finding {
  kind: AnomalyKind;
  observed: number;
  expected_low: number;
  expected_high: number;
  score: number;
}

export const anomalyModel = {
  /** Weeks looked back: the same hour of the week 1..6 weeks earlier. */
  baselineWeeks: 6,
  /** Fewer weeks of the agent's own history than this: not judged at all. */
  minBaselineWeeks: 3,
  /** Chance under the baseline's rate of an hour above the expected band. */
  spikeTailProbability: 1e-5,
  /** Chance under the baseline's rate of an hour below the expected band. */
  dropTailProbability: 1e-4,
  /** A spike needs at least this many tokens in the hour… */
  spikeMinObserved: 10,
  /** …and at least this many times the baseline median. */
  spikeMinRatio: 2,
  /** A drop needs the silent hours to have this many tokens expected (sum of medians). */
  dropMinExpected: 10,
  /** A silent hour has at most this fraction of its baseline median. */
  dropMaxRatio: 0.25,
  /** Longest run of silent hours, ending with the judged one, a drop adds up. */
  silentRunHours: 6,
  /** Tokens an agent needs in a never-active hour of the week to count as new. */
  newHourMinObserved: 10,
  /** Rejections a failure spike needs in the hour (and the spike's ratio). */
  failureSpikeMinObserved: 10,
} as const;

interface Band {
  center: number;
  low: number;
  high: number;
  spread: number;
}

// The median is the rate. Its spread is the MAD (agents that vary from week
// to week more than by chance) but at least the Poisson noise of one week,
// sqrt(median): a few weeks' median is itself that uncertain. Poisson
// quantiles of the rate widened by one spread either way give the band, so
// low volumes get the wide band they need.
function expectedBand(baseline: readonly number[]): Band {
  const center = median(baseline);
  const spread = Math.max(madToSigma * medianAbsoluteDeviation(baseline), Math.sqrt(center));
  return {
    center,
    low: poissonQuantile(anomalyModel.dropTailProbability, Math.max(0, center - spread)),
    high: poissonQuantile(1 - anomalyModel.spikeTailProbability, center + spread),
    spread: Math.max(spread, 1),
  };
}

function finding(kind: AnomalyKind, observed: number, band: Band): Finding {
  const score = Math.abs(observed - band.center) / band.spread;
  return {
    kind,
    observed,
    expected_low: band.low,
    expected_high: band.high,
    score: round2(score),
  };
}

function isSpike(observed: number, band: Band, minObserved: number): boolean {
  return (
    observed >= minObserved &&
    observed > band.high &&
    observed >= anomalyModel.spikeMinRatio * band.center
  );
}

/** One closed hour of an agent and its baseline weeks (newest first). */
export interface HourToJudge {
  observed: HourCounts;
  baseline: readonly HourCounts[];
}

// A drop: the judged hour and the hours just before it are silent (each at
// most a quarter of its median), and together they were expected to have at
// least `dropMinExpected` tokens yet had fewer than the Poisson quantile of
// their summed rate minus its spread. One busy hour can be enough; an agent
// with a few tokens an hour needs a longer silence.
function silentRun(
  current: HourToJudge,
  earlierHours: () => readonly HourToJudge[],
): Finding | undefined {
  const currentBand = expectedBand(current.baseline.map((week) => week.issued));
  if (currentBand.center < 1) return undefined;
  let expected = 0;
  let variance = 0;
  let observed = 0;
  // The hours before are looked up only when the judged hour is silent:
  // most are not, and their baselines are most of judging's lookups.
  let hours: readonly HourToJudge[] = [current];
  for (let index = 0; index < anomalyModel.silentRunHours; index += 1) {
    if (index === 1) hours = [current, ...earlierHours()];
    const hour = hours[index];
    if (!hour) break;
    if (hour.baseline.length < anomalyModel.minBaselineWeeks) break;
    const band = expectedBand(hour.baseline.map((week) => week.issued));
    if (hour.observed.issued > anomalyModel.dropMaxRatio * band.center) break;
    expected += band.center;
    variance += band.spread ** 2;
    observed += hour.observed.issued;
    if (expected < anomalyModel.dropMinExpected) continue;
    const low = poissonQuantile(
      anomalyModel.dropTailProbability,
      Math.max(0, expected - Math.sqrt(variance)),
    );
    if (observed < low) {
      const score = (expected - observed) / Math.sqrt(variance);
      return { ...finding('drop', current.observed.issued, currentBand), score: round2(score) };
    }
  }
  return undefined;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * What is unusual about one closed hour of one agent. `baseline` holds the
 * same hour of the week in the previous weeks of the agent's history, newest
 * first; with fewer than `minBaselineWeeks` of them nothing is judged.
 * `earlier` are the hours just before it, newest first, for silent runs (or
 * a function answering them, called only when the judged hour is silent).
 */
export function judgeHour(
  observed: HourCounts,
  baseline: readonly HourCounts[],
  earlier: readonly HourToJudge[] | (() => readonly HourToJudge[]) = [],
): Finding[] {
  if (baseline.length < anomalyModel.minBaselineWeeks) return [];
  const findings: Finding[] = [];
  const issued = expectedBand(baseline.map((week) => week.issued));
  if (baseline.every((week) => week.issued === 0)) {
    if (observed.issued >= anomalyModel.newHourMinObserved) {
      findings.push(finding('new_hour', observed.issued, issued));
    }
  } else if (isSpike(observed.issued, issued, anomalyModel.spikeMinObserved)) {
    findings.push(finding('spike', observed.issued, issued));
  } else {
    const drop = silentRun(
      { observed, baseline },
      typeof earlier === 'function' ? earlier : () => earlier,
    );
    if (drop) findings.push(drop);
  }
  const rejected = expectedBand(baseline.map((week) => week.rejected));
  if (isSpike(observed.rejected, rejected, anomalyModel.failureSpikeMinObserved)) {
    findings.push(finding('failure_spike', observed.rejected, rejected));
  }
  return findings;
}

/** Field by field: stored JSON comes back with its keys in another order. */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return (
    a.length === b.length &&
    a.every((finding, index) => {
      const other = b[index] as Finding;
      return (
        finding.kind === other.kind &&
        finding.observed === other.observed &&
        finding.expected_low === other.expected_low &&
        finding.expected_high === other.expected_high &&
        finding.score === other.score
      );
    })
  );
}
