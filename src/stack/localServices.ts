// The project-local Postgres and Redis (infra/services.sh) for `npm start` when
// DATABASE_URL or REDIS_URL is not given: started if needed, and stopped on exit
// only when this run started them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './localStack.js';

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

async function runningServices(): Promise<Set<LocalService>> {
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
        const stderr = (error as { stderr?: string }).stderr?.trim();
        throw new Error(stderr || (error as Error).message, { cause: error });
      }
    },
  };
}
