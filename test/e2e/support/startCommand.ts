// Runs `npm start`'s entry (src/cli/start.ts) as a child process, reads its
// banner, and interrupts it like Ctrl-C, checking that nothing it started is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@jest/globals';
import { projectRoot } from '../../../src/stack/localStack.js';
import { descendants, survivors, type ProcessInfo } from './processTree.js';
import { portInUse } from './stackApi.js';

export interface StartRun {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  banner: Record<string, string>;
  /** Its descendants once the banner was printed. */
  tree: ProcessInfo[];
}

const bannerLabels = ['Portal', 'API', 'Admin client ID', 'Admin client secret'];
const started: Array<{ child: ChildProcess; tree: ProcessInfo[] }> = [];

/** Starts src/cli/start.ts with exactly `env` (plus PATH/HOME) and waits for its banner. */
export async function runStart(
  env: Record<string, string>,
  options: { bannerTimeoutMs?: number } = {},
): Promise<StartRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
    detached: true, // its own process group, like a shell job, so strays can be found
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const record = { child, tree: [] as ProcessInfo[] };
  started.push(record);
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const timeoutMs = options.bannerTimeoutMs ?? 90_000;
  const banner = new Promise<Record<string, string>>((resolve, reject) => {
    const fields: Record<string, string> = {};
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        output.push(line);
        const match = /^\s+([A-Za-z ]+):\s+(\S.*)$/.exec(line);
        if (match?.[1] && match[2] && bannerLabels.includes(match[1])) fields[match[1]] = match[2];
      }
      if (bannerLabels.every((label) => label in fields)) resolve(fields);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) =>
      reject(
        new Error(`start exited (${code}) before its banner:\n${output.slice(-40).join('\n')}`),
      ),
    );
    setTimeout(
      () => reject(new Error(`no banner within ${timeoutMs} ms:\n${output.slice(-40).join('\n')}`)),
      timeoutMs,
    ).unref();
  });
  const fields = await banner;
  record.tree = descendants(child.pid as number);
  return { child, output, exited, banner: fields, tree: record.tree };
}

/** SIGINT, exit 0, and no process of its tree nor any of `ports` left. */
export async function interruptAndCheckNothingIsLeft(
  run: StartRun,
  ports: readonly number[],
  alsoGone: readonly number[] = [],
): Promise<void> {
  const pid = run.child.pid as number;
  // Everything seen at the banner and just before the signal must be gone after it.
  const seen = [...run.tree, ...descendants(pid)];
  const groupLeaders = descendants(pid).filter((row) => row.ppid === pid && row.pgid === row.pid);

  process.kill(pid, 'SIGINT');
  const code = await Promise.race([
    run.exited,
    new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 40_000).unref()),
  ]);
  expect(code).toBe(0);
  // API, two workers and the portal, each in its own process group, all alive until now.
  if (groupLeaders.length !== 4) {
    throw new Error(
      `expected 4 child process groups at SIGINT, found ${groupLeaders.length}; start's output:\n${run.output.slice(-60).join('\n')}`,
    );
  }

  const pids = [pid, ...seen.map((row) => row.pid), ...alsoGone];
  const groups = [pid, ...seen.map((row) => row.pgid)];
  expect(survivors(pids, groups)).toEqual([]);
  for (const port of ports) expect(await portInUse(port)).toBe(false);
}

/** For afterAll: a run a failed test left behind must not outlive the file. */
export function killLeftovers(): void {
  for (const { child, tree } of started) {
    const groups = new Set([child.pid, ...tree.map((row) => row.pgid)]);
    for (const group of groups) {
      if (group === undefined) continue;
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
