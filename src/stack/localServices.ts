// The project-local Postgres and Redis (infra/services.sh) for `npm start` when
// DATABASE_URL or REDIS_URL is not given: started if needed, and stopped on exit
// only when this run started them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './localStack.js';
import { StepFailure } from './stepFailure.js';

const run = promisify(execFile);
const script = path.join(projectRoot, 'infra/services.sh');
export type LocalService = 'postgres' | 'redis';

export interface LocalServices {
  /** Connection URLs of the local services that were asked for. */
  urls: { DATABASE_URL?: string; REDIS_URL?: string };
  /** Services this run started (and will stop). */
  started: LocalService[];
  stop(): Promise<void>;
}

/** Where infra/services.sh puts its servers; its own variables move them. */
export function localServiceUrls(env: NodeJS.ProcessEnv = process.env): {
  DATABASE_URL: string;
  REDIS_URL: string;
} {
  return {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${env.ANALYTICS_PG_PORT ?? '54329'}/analytics`,
    REDIS_URL: `redis://127.0.0.1:${env.ANALYTICS_REDIS_PORT ?? '63799'}`,
  };
}

/** The local service ports, for the check before anything starts. */
export function localServicePorts(
  env: NodeJS.ProcessEnv = process.env,
): Record<LocalService, number> {
  return {
    postgres: Number(env.ANALYTICS_PG_PORT ?? '54329'),
    redis: Number(env.ANALYTICS_REDIS_PORT ?? '63799'),
  };
}

/** Which of the project-local services run now (started by this or an earlier run). */
export async function runningServices(): Promise<Set<LocalService>> {
  const { stdout } = await run('bash', [script, 'status'], { cwd: projectRoot });
  const up = new Set<LocalService>();
  for (const service of ['postgres', 'redis'] as const) {
    if (new RegExp(`^${service}:\\s+running`, 'm').test(stdout)) up.add(service);
  }
  return up;
}

/** Local services; register `stop` for cleanup before calling `start`. */
export function localServices(wanted: readonly LocalService[]): LocalServices & {
  start(log: (line: string) => void): Promise<void>;
  /** Starts one of the services this run started again, on its data folder and port. */
  restart(service: LocalService): Promise<void>;
} {
  const started: LocalService[] = [];
  const all = localServiceUrls();
  const stop = async (): Promise<void> => {
    // Reverse order: Redis stops quickly, Postgres last.
    for (const service of [...started].reverse()) {
      await run('bash', [script, 'down', service], { cwd: projectRoot, timeout: 60_000 });
    }
    started.length = 0;
  };
  return {
    urls: {
      ...(wanted.includes('postgres') ? { DATABASE_URL: all.DATABASE_URL } : {}),
      ...(wanted.includes('redis') ? { REDIS_URL: all.REDIS_URL } : {}),
    },
    started,
    stop,
    async restart(service) {
      await run('bash', [script, 'up', service], { cwd: projectRoot, timeout: 120_000 });
    },
    async start(log) {
      const before = await runningServices();
      try {
        for (const service of wanted) {
          const child = run('bash', [script, 'up', service], {
            cwd: projectRoot,
            timeout: 600_000,
          });
          child.child.stderr?.on('data', (chunk: Buffer) => {
            for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
          });
          await child;
          if (!before.has(service)) started.push(service);
        }
      } catch (error) {
        await stop();
        // infra/services.sh says what failed and, on a line of its own, what to do next.
        const lines = ((error as { stderr?: string }).stderr ?? '')
          .split('\n')
          .filter((line) => line.trim() !== '');
        const next = lines.find((line) => line.startsWith('[services] next: '));
        const failed = lines.filter((line) => line !== next);
        throw new StepFailure(
          'infra/services.sh could not start the local services',
          failed.length > 0 ? failed.slice(-15) : [(error as Error).message],
          next?.slice('[services] next: '.length) ??
            'run `npm run services:up` to see the whole output, or set DATABASE_URL and REDIS_URL to servers you run',
          { cause: error },
        );
      }
    },
  };
}
