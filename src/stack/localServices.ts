// The project-local Postgres and Redis (infra/services.sh) for `npm start` when
// no DATABASE_URL / REDIS_URL is given: started if needed, and stopped on exit
// only when this run started them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './localStack.js';

const run = promisify(execFile);
const script = path.join(projectRoot, 'infra/services.sh');
type Service = 'postgres' | 'redis';

export interface LocalServices {
  /** Services this run started (and will stop). */
  started: Service[];
  stop(): Promise<void>;
}

async function running(): Promise<Set<Service>> {
  const { stdout } = await run('bash', [script, 'status'], { cwd: projectRoot });
  const up = new Set<Service>();
  for (const service of ['postgres', 'redis'] as const) {
    if (new RegExp(`^${service}:\\s+running`, 'm').test(stdout)) up.add(service);
  }
  return up;
}

export async function startLocalServices(log: (line: string) => void): Promise<LocalServices> {
  const before = await running();
  const child = run('bash', [script, 'up'], { cwd: projectRoot, timeout: 600_000 });
  child.child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  });
  await child;
  const started = (['postgres', 'redis'] as const).filter((service) => !before.has(service));
  return {
    started,
    async stop() {
      // Redis first: nothing depends on it at shutdown, and Postgres takes longer.
      for (const service of [...started].reverse()) {
        await run('bash', [script, 'down', service], { cwd: projectRoot, timeout: 60_000 });
      }
    },
  };
}
