// Robust summaries of a few weekly counts: one unusual week moves neither.

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  // A typed array sorts numerically without a comparator call per pair.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center)));
}

/** Scales a MAD to a standard deviation for normally distributed values. */
export const madToSigma = 1.4826;
