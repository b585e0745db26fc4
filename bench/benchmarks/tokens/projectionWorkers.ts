import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

// The projection workers in a child process, so the benchmark process holds
// only the API servers and their load, and the workers' CPU is measured apart.

export interface ProjectionWorkers {
  pid: number;
  stop(): Promise<void>;
}

const entry = new URL('./projectionWorkerChild.ts', import.meta.url);

export async function startProjectionWorkers(options: {
  databaseUrl: string;
  redisUrl: string;
  startTimeoutMs?: number;
}): Promise<ProjectionWorkers> {
  const child = fork(entry, [], {
    // BENCH_WORKER_EXEC_ARGV adds Node flags to the child, `--cpu-prof` say
    // (NODE_OPTIONS does not take it).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_WORKER_EXEC_ARGV?.split(' ').filter(Boolean) ?? []),
    ],
    env: {
      ...process.env,
      BENCH_WORKER_DATABASE_URL: options.databaseUrl,
      BENCH_WORKER_REDIS_URL: options.redisUrl,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await untilReady(child, options.startTimeoutMs ?? 30_000);
  return {
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function untilReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`projection workers did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      if (message === 'ready') resolve();
      else reject(new Error(`unexpected message from the projection workers: ${String(message)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`projection workers exited with code ${code} before starting`));
    });
  });
}
