// Poisson quantiles, summed in log space so large rates do not underflow.

/** The smallest k with P(X <= k) >= p for X ~ Poisson(rate); p in (0, 1). */
export function poissonQuantile(p: number, rate: number): number {
  if (rate <= 0) return 0;
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
