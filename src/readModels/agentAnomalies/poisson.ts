// Poisson quantiles, summed in log space so large rates do not underflow.

// Judging asks for few distinct quantiles (two probabilities, rates from
// small counts) many thousands of times: answers are remembered, a bounded
// number of them.
const maxRemembered = 10_000;
const remembered = new Map<number, Map<number, number>>();

/** The smallest k with P(X <= k) >= p for X ~ Poisson(rate); p in (0, 1). */
export function poissonQuantile(p: number, rate: number): number {
  if (rate <= 0) return 0;
  let byRate = remembered.get(p);
  if (!byRate) {
    byRate = new Map();
    remembered.set(p, byRate);
  }
  const known = byRate.get(rate);
  if (known !== undefined) return known;
  if (byRate.size >= maxRemembered) byRate.clear();
  const quantile = computedQuantile(p, rate);
  byRate.set(rate, quantile);
  return quantile;
}

function computedQuantile(p: number, rate: number): number {
  const logRate = Math.log(rate);
  const last = Math.ceil(rate + 40 * Math.sqrt(rate) + 40);
  let logFactorial = 0;
  let cumulative = 0;
  for (let k = 0; k <= last; k += 1) {
    if (k > 0) logFactorial += Math.log(k);
    cumulative += Math.exp(k * logRate - rate - logFactorial);
    if (cumulative >= p) return k;
  }
  return last;
}
