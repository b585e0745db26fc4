import { beforeAll, describe, expect, it } from '@jest/globals';
import { appendSizes, benchmark } from '../../bench/benchmarks/append.js';
import { runSmoke } from './support/runSmoke.js';
import { resultMarkdown, type BenchResult } from '../../bench/lib/results.js';

// Keeps the append benchmark runnable: smoke sizes, well-formed results. It
// never asserts performance; the numbers come from `npm run bench`.

describe('append benchmark (smoke sizes)', () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runSmoke(benchmark);
  }, 60_000);

  it('measures every contender in every configuration with positive rates', () => {
    const { cells } = result.data as {
      cells: Array<{
        contender: string;
        appendsPerSecond: number;
        eventsPerSecond: number;
        latencyMs: { p50: number; p99: number };
      }>;
    };
    const sizes = appendSizes.smoke;
    expect(cells).toHaveLength(sizes.writers.length * sizes.eventsPerAppend.length * 3);
    expect(new Set(cells.map((cell) => cell.contender))).toEqual(
      new Set(['ours', 'emmett', 'ceiling']),
    );
    for (const cell of cells) {
      expect(cell.appendsPerSecond).toBeGreaterThan(0);
      expect(cell.eventsPerSecond).toBeGreaterThanOrEqual(cell.appendsPerSecond);
      expect(cell.latencyMs.p50).toBeGreaterThan(0);
      expect(cell.latencyMs.p99).toBeGreaterThanOrEqual(cell.latencyMs.p50);
    }
  });

  it('computes the ratios and renders them with the machine description', () => {
    const ratios = Object.entries(result.summary);
    expect(ratios.map(([key]) => key)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ours\/Emmett/),
        expect.stringMatching(/^ours\/ceiling/),
      ]),
    );
    for (const [, value] of ratios) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.postgres).toMatch(/\d+/);
    const markdown = resultMarkdown(result);
    expect(markdown).toContain('ours/Emmett');
    expect(markdown).toContain('| writers | events/append | contender |');
  });
});
