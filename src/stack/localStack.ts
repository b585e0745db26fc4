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

function ensureRunning(managed: ManagedProcess): void {
  const { exitCode, signalCode } = managed.child;
  if (exitCode !== null || signalCode !== null) {
    throw new Error(`${managed.name} exited (${exitCode ?? signalCode}); see its log lines above`);
  }
}

// Waits for the URL only while the process runs: when it dies at start (say its
// port is taken), whatever else answers on that port must not count as ready.
async function readyWhileRunning(
  managed: ManagedProcess | undefined,
  url: string,
  what: string,
): Promise<void> {
  if (!managed) throw new Error(`${what} was not started`);
  const died = managed.exited.then(() => ensureRunning(managed));
  died.catch(() => undefined); // a later, normal exit is not an error
  await Promise.race([waitForHttp(url, { what, timeoutMs: 60_000 }), died]);
  ensureRunning(managed);
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
    await readyWhileRunning(processes[0], `${apiUrl}/health/live`, 'the API');
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
    await readyWhileRunning(processes[processes.length - 1], `${portalUrl}/signin`, 'the portal');
    // A worker that died at start (bad configuration, unreachable Redis) fails the start too.
    for (const managed of processes) ensureRunning(managed);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl, portalUrl, processes, stop };
}
