// A supervised process is restarted after it dies, with a line naming it and
// its exit cause; stopping the supervisor stops it and cancels a pending restart.
import { describe, expect, it } from '@jest/globals';
import { processGroupAlive, startProcess } from '../../src/stack/childProcesses.js';
import { superviseProcess } from '../../src/stack/supervisedProcess.js';

const launch = () =>
  startProcess('sleeper', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    output: () => undefined,
  });

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('supervised process', () => {
  it('restarts a killed process and says how it ended', async () => {
    const lines: string[] = [];
    const delays: number[] = [];
    const supervised = superviseProcess(launch(), launch, {
      log: (line) => lines.push(line),
      delayMs: (failures) => {
        delays.push(failures);
        return 50;
      },
    });
    try {
      const firstPid = supervised.current.child.pid as number;
      process.kill(firstPid, 'SIGKILL');
      await waitFor(() => supervised.restarts === 1, 5000);
      expect(lines[0]).toBe('sleeper was killed by SIGKILL; restarting it in 0.1 s');
      expect(lines[1]).toMatch(/^sleeper restarted \(pid \d+, restart 1\)$/);
      const secondPid = supervised.current.child.pid as number;
      expect(secondPid).not.toBe(firstPid);
      expect(processGroupAlive(secondPid)).toBe(true);

      process.kill(secondPid, 'SIGTERM');
      await waitFor(() => supervised.restarts === 2, 5000);
      expect(lines[2]).toBe('sleeper was killed by SIGTERM; restarting it in 0.1 s');
      // Two quick deaths in a row: the backoff grows.
      expect(delays).toEqual([1, 2]);
    } finally {
      await supervised.stop();
    }
    expect(processGroupAlive(supervised.current.child.pid as number)).toBe(false);
  }, 20_000);

  it('stop cancels a pending restart', async () => {
    const lines: string[] = [];
    const supervised = superviseProcess(launch(), launch, {
      log: (line) => lines.push(line),
      delayMs: () => 60_000,
    });
    process.kill(supervised.current.child.pid as number, 'SIGKILL');
    await waitFor(() => lines.length === 1, 5000);
    const started = Date.now();
    await supervised.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervised.restarts).toBe(0);
    expect(lines).toHaveLength(1);
  }, 20_000);
});
