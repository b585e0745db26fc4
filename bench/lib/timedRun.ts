import { performance } from 'node:perf_hooks';

// The timing loop every benchmark shares: N concurrent workers call one
// operation in a loop; the first warmupMs are discarded, then completions and
// their latencies are counted for durationMs. A window with no completion in
// it (one operation slower than the whole window, on a loaded machine) is
// stretched until one completes, so every run yields a sample and an honest
// rate rather than NaN.

export interface TimedRunOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** One unit of work; worker is 0..concurrency-1. */
  operation(worker: number): Promise<void>;
}

export interface TimedRunResult {
  /** Operations that completed inside the measured window. */
  operations: number;
  /** The measured window in milliseconds: durationMs, or longer when stretched to its first completion. */
  elapsedMs: number;
  operationsPerSecond: number;
  /** Latency of each counted operation, in milliseconds. */
  latenciesMs: Float64Array;
}

export async function timedRun(options: TimedRunOptions): Promise<TimedRunResult> {
  const { concurrency, warmupMs, durationMs, operation } = options;
  if (concurrency < 1 || durationMs <= 0 || warmupMs < 0) {
    throw new RangeError('timedRun needs concurrency >= 1, durationMs > 0 and warmupMs >= 0');
  }
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const measureUntil = measureFrom + durationMs;
  let latencies = new Float64Array(1024);
  let operations = 0;
  let lastCountedAt = measureFrom;
  let failed = false;

  const record = (latency: number): void => {
    if (operations === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[operations] = latency;
    operations += 1;
  };
  const windowOpen = (now: number): boolean => now < measureUntil || operations === 0;

  const worker = async (index: number): Promise<void> => {
    while (!failed) {
      const began = performance.now();
      if (!windowOpen(began)) return;
      try {
        await operation(index);
      } catch (error) {
        failed = true;
        throw error;
      }
      const ended = performance.now();
      // Counted by completion time: throughput is completions per second in the window.
      if (ended >= measureFrom && windowOpen(ended)) {
        record(ended - began);
        lastCountedAt = ended;
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const elapsedMs = Math.max(durationMs, lastCountedAt - measureFrom);
  return {
    operations,
    elapsedMs,
    operationsPerSecond: (operations * 1000) / elapsedMs,
    latenciesMs: latencies.slice(0, operations),
  };
}

/** Contenders in a different order each round, so none always runs first (or last) on a drifting machine. */
export function rotate<T>(items: readonly T[], offset: number): T[] {
  if (items.length === 0) return [];
  const shift = ((offset % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
