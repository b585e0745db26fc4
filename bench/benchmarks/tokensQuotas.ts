import type { Benchmark } from '../lib/benchmark.js';
import { runTokensBenchmark, tokensSizes } from './tokens.js';

// The tokens benchmark with each load run again with a monitor-mode quota on
// every agent: what counting quotas at the token endpoint costs.
export const benchmark: Benchmark = {
  name: 'tokensQuotas',
  description:
    'The tokens benchmark (ours vs naive at 64 concurrent clients, 4 tenants and 1) with each load also run with a ' +
    'monitor-mode quota (large limit, counted in Redis) on every agent, in alternating rounds.',
  run: (context) => runTokensBenchmark(context, tokensSizes[context.mode], { quotas: true }),
};
