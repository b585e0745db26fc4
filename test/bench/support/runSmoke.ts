import type { Benchmark } from '../../../bench/lib/benchmark.js';
import type { BenchResult } from '../../../bench/lib/results.js';
import { runBenchmark } from '../../../bench/lib/runBenchmark.js';
import { testRedisUrl, testServerUrl } from '../../support/testDatabase.js';

/** A benchmark at smoke sizes against the test run's Postgres and Redis. */
export function runSmoke(benchmark: Benchmark): Promise<BenchResult> {
  return runBenchmark(benchmark, {
    serverUrl: testServerUrl(),
    redisUrl: testRedisUrl(),
    mode: 'smoke',
  });
}
