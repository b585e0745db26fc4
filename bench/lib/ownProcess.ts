import { spawn, type ChildProcess } from 'node:child_process';

// Each benchmark of a run measures in a Node process of its own: a raw read of
// the log in the process that had already run three other benchmarks took
// 13.5-16 s, against 8.0-9.5 s in a fresh one, while the rebuild it is the
// baseline of (mostly in a worker thread and Postgres) hardly changed.

let running: ChildProcess | undefined;

/** Runs this script again with `args` and `env`, with the same loader; settles when it exits. */
export function runInOwnProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const script = process.argv[1];
  if (script === undefined) return Promise.reject(new Error('no script to run again'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: 'inherit',
      env,
    });
    running = child;
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running = undefined;
      if (code === 0) resolve();
      else reject(new Error(`benchmark process ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

/** Asks the benchmark process still running, if any, to stop (it drops its databases), and waits for it. */
export async function stopOwnProcess(): Promise<void> {
  const child = running;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
