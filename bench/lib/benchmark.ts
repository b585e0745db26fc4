import type { BenchDatabase } from './benchDatabase.js';

// What a benchmark is: one file under bench/benchmarks/ exporting
// `benchmark`, discovered by bench/lib/registry.ts.

export type BenchMode = 'full' | 'smoke';

export interface BenchContext {
  mode: BenchMode;
  /** Redis server for benchmarks that run the whole service; keys go under a prefix of their own. */
  redisUrl: string;
  /** Progress for humans, written to stderr. */
  log(message: string): void;
  /** A fresh, migrated database of its own; drop it when done. */
  createDatabase(): Promise<BenchDatabase>;
}

export type Cell = string | number | null;

export interface ResultTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface BenchReport {
  /** Sizes and settings the run used. */
  parameters: Record<string, unknown>;
  /** Headline figures, mostly ratios to a baseline measured in the same run. */
  summary: Record<string, number>;
  tables: ResultTable[];
  notes?: string[];
  /** Everything measured, for later analysis. */
  data?: unknown;
  /**
   * Set when the run measured a variant of the benchmark's usual setting
   * (a reporting time zone, say): its results are kept beside the usual
   * ones, as `<name>-<variant>`, instead of replacing them.
   */
  variant?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchReport>;
}
