// Summary statistics for benchmark samples. Percentiles use the nearest-rank
// method on a sorted copy, so p99 of 100 samples is the 99th smallest.

export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** a / b, or NaN when b is not a positive number. */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) ? a / b : Number.NaN;
}

/** Median of the pairwise ratios a[i] / b[i]: pairs measured back to back share the machine's noise. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('paired samples differ in length');
  return median(a.map((value, index) => ratio(value, b[index] as number)));
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  let max = Number.NaN;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as number;
    if (!(value <= max)) max = value;
  }
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max,
  };
}

/** The value to `digits` decimals, for reports. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
