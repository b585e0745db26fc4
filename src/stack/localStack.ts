import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, stopProcess, type ManagedProcess } from './childProcesses.js';
import { waitForHttp } from './waitForHttp.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Node runs every process itself (`node --import tsx`, `node next/dist/bin/next`): a
// launcher script in between would take a signal for itself and leave the real
// process running.
const nodeArgs = (entry: string): string[] => ['--import', 'tsx', entry];
const nextBin = path.join(projectRoot, 'node_modules/next/dist/bin/next');

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  apiPort: number;
  portalPort: number;
  workers?: number;
  /** Extra environment for every process (queue prefix, log level, ...). */
  env?: Record<string, string>;
  output?: (name: string, line: string) => void;
}

export interface RunningStack {
  apiUrl: string;
  portalUrl: string;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export function portalIsBuilt(): boolean {
  return existsSync(path.join(projectRoot, 'portal/.next/BUILD_ID'));
}

// The API, the projection workers and the portal as child processes, the
// same way `npm start` and the browser tests run them.
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (!portalIsBuilt())
    throw new Error('The portal is not built: run `npm run build -w portal` first');
  const apiUrl = `http://127.0.0.1:${options.apiPort}`;
  const portalUrl = `http://127.0.0.1:${options.portalPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(options.apiPort),
    ISSUER_URL: apiUrl,
    API_URL: apiUrl,
    PORTAL_PORT: String(options.portalPort),
    NEXT_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  const output = (name: string) => (line: string) =>
    options.output
      ? options.output(name, line)
      : process.stdout.write(`${name.padEnd(8)}| ${line}\n`);
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(processes.map((managed) => stopProcess(managed)));
  };
  try {
    processes.push(
      startProcess('api', process.execPath, nodeArgs('src/main.ts'), {
        env,
        cwd: projectRoot,
        output: output('api'),
      }),
    );
    await waitForHttp(`${apiUrl}/health/live`, { what: 'the API', timeoutMs: 60_000 });
    for (let i = 1; i <= (options.workers ?? 1); i += 1) {
      const name = `worker-${i}`;
      processes.push(
        startProcess(name, process.execPath, nodeArgs('src/worker.ts'), {
          env,
          cwd: projectRoot,
          output: output(name),
        }),
      );
    }
    processes.push(
      startProcess(
        'portal',
        process.execPath,
        [nextBin, 'start', '-p', String(options.portalPort), '-H', '127.0.0.1'],
        {
          env,
          // Next resolves next.config.ts's own imports from the working directory.
          cwd: path.join(projectRoot, 'portal'),
          output: output('portal'),
        },
      ),
    );
    await waitForHttp(`${portalUrl}/signin`, { what: 'the portal', timeoutMs: 60_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, portalUrl, processes, stop };
}
