// Stopping a stack process also stops what it spawned, even when the process
// itself already died (for example SIGKILLed) and left its children orphaned.
import { describe, expect, it } from '@jest/globals';
import { livingGroupMembers, startProcess, stopProcess } from '../../src/stack/childProcesses.js';

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function spawnShellWithChild() {
  const lines: string[] = [];
  const managed = startProcess('shell', 'bash', ['-c', 'sleep 300 & echo "child $!"; wait'], {
    output: (line) => lines.push(line),
  });
  return { managed, lines };
}

describe('stack child processes', () => {
  it('stops the whole process group, grandchildren included', async () => {
    const { managed, lines } = spawnShellWithChild();
    await waitFor(() => lines.length > 0, 10_000);
    const pid = managed.child.pid as number;
    expect(livingGroupMembers(pid).length).toBe(2);

    await stopProcess(managed, 2000);

    expect(livingGroupMembers(pid)).toEqual([]);
  }, 20_000);

  it('stops orphaned group members after the leader was SIGKILLed', async () => {
    const { managed, lines } = spawnShellWithChild();
    await waitFor(() => lines.length > 0, 10_000);
    const pid = managed.child.pid as number;
    const grandchild = Number(/child (\d+)/.exec(lines[0] ?? '')?.[1]);

    process.kill(pid, 'SIGKILL');
    await managed.exited;
    expect(livingGroupMembers(pid)).toEqual([grandchild]);

    await stopProcess(managed, 2000);

    expect(livingGroupMembers(pid)).toEqual([]);
  }, 20_000);
});
