import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './benchmark.js';

// Benchmarks are discovered: every bench/benchmarks/<name>.ts exporting
// `benchmark` is one, so adding a benchmark touches no shared list.

const benchmarksDir = new URL('../benchmarks/', import.meta.url);

function isBenchmark(value: unknown): value is Benchmark {
  const candidate = value as Partial<Benchmark> | undefined;
  return (
    typeof candidate?.name === 'string' &&
    typeof candidate.description === 'string' &&
    typeof candidate.run === 'function'
  );
}

export async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = (await readdir(fileURLToPath(benchmarksDir)))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, benchmarksDir).href)) as { benchmark?: unknown };
    if (!isBenchmark(module.benchmark)) {
      throw new Error(`bench/benchmarks/${file} must export a \`benchmark\``);
    }
    if (`${module.benchmark.name}.ts` !== file) {
      throw new Error(`bench/benchmarks/${file} exports benchmark "${module.benchmark.name}"`);
    }
    benchmarks.push(module.benchmark);
  }
  return benchmarks;
}
