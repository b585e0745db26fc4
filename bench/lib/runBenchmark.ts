import { performance } from 'node:perf_hooks';
import { createBenchDatabase, serverVersion } from './benchDatabase.js';
import type { BenchMode, Benchmark } from './benchmark.js';
import { describeMachine } from './machine.js';
import type { BenchResult } from './results.js';

export const defaultRedisUrl = 'redis://127.0.0.1:63799';

export interface RunBenchmarkOptions {
  /** Any URL of the Postgres server; benchmarks create their own databases on it. */
  serverUrl: string;
  /** Redis for benchmarks that run the whole service. */
  redisUrl?: string;
  mode: BenchMode;
  log?: (message: string) => void;
}

/** Runs one benchmark and wraps its report with the machine description and timings. */
export async function runBenchmark(
  benchmark: Benchmark,
  options: RunBenchmarkOptions,
): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  const machine = describeMachine(await serverVersion(options.serverUrl));
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const created: Array<{ drop(): Promise<void> }> = [];
  try {
    const report = await benchmark.run({
      mode: options.mode,
      redisUrl: options.redisUrl ?? defaultRedisUrl,
      log: (message) => log(`[${benchmark.name}] ${message}`),
      createDatabase: async () => {
        const database = await createBenchDatabase(options.serverUrl, benchmark.name);
        created.push(database);
        return database;
      },
    });
    return {
      name: benchmark.name,
      description: benchmark.description,
      mode: options.mode,
      machine,
      startedAt,
      durationSeconds: Math.round((performance.now() - began) / 100) / 10,
      ...report,
    };
  } finally {
    // A benchmark drops its databases itself; this covers the ones a failure left behind.
    await Promise.allSettled(created.map((database) => database.drop()));
  }
}
