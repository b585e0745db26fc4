import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeResult, type BenchResult } from '../../bench/lib/results.js';

const result = (variant?: string): BenchResult =>
  ({
    name: 'queries',
    description: 'd',
    mode: 'smoke',
    machine: { loadAverage: [0, 0, 0] },
    startedAt: new Date(0).toISOString(),
    durationSeconds: 1,
    parameters: {},
    summary: {},
    tables: [],
    ...(variant ? { variant } : {}),
  }) as unknown as BenchResult;

describe('benchmark result files', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps a variant's results beside the usual ones", async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bench-results-'));
    await writeResult(dir, result());
    await writeResult(dir, result('Asia-Kathmandu'));
    expect((await readdir(dir)).sort()).toEqual([
      'queries-Asia-Kathmandu.json',
      'queries-Asia-Kathmandu.md',
      'queries.json',
      'queries.md',
    ]);
  });
});
