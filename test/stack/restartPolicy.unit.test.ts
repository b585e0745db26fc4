import { describe, expect, it } from '@jest/globals';
import { stackStatusLine } from '../../src/cli/stackStatusLine.js';
import {
  describeExit,
  nextFailuresInARow,
  restartDelayMs,
  stableRunMs,
} from '../../src/stack/restartPolicy.js';

describe('restart policy', () => {
  it('names how a process ended', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('was killed by SIGKILL');
    expect(describeExit(1, null)).toBe('exited with code 1');
    expect(describeExit(0, null)).toBe('exited on its own (code 0)');
  });

  it('backs off 1 s, 2 s, 4 s ... up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelayMs(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('starts the backoff over after a stable run', () => {
    expect(nextFailuresInARow(5, stableRunMs)).toBe(1);
    expect(nextFailuresInARow(5, stableRunMs - 1)).toBe(6);
    expect(nextFailuresInARow(0, 10)).toBe(1);
  });

  it('prints each process with its restarts', () => {
    expect(
      stackStatusLine([
        { name: 'api', restarts: 1 },
        { name: 'worker-1', restarts: 0 },
        { name: 'worker-2', restarts: 3 },
      ]),
    ).toBe('status: api up after 1 restart · worker-1 up · worker-2 up after 3 restarts');
  });
});
