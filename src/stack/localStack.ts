import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, stopProcess, type ManagedProcess } from './childProcesses.js';
import { RecentLines } from './recentLines.js';
import { StepFailure } from './stepFailure.js';
import { stackEnvironment } from './stackEnvironment.js';
import {
  superviseProcess,
  type SuperviseOptions,
  type SupervisedProcess,
} from './supervisedProcess.js';
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
  /** The processes running now (a restarted one is its newest run). */
  readonly processes: ManagedProcess[];
  /** Restarts dead processes from now on (npm start); without it a death is final. */
  supervise(options: SuperviseOptions): void;
  /** Each process's restarts so far. */
  restarts(): Array<{ name: string; restarts: number }>;
  stop(): Promise<void>;
}

export function portalIsBuilt(): boolean {
  return existsSync(path.join(projectRoot, 'portal/.next/BUILD_ID'));
}

// The command that runs one of the stack's processes alone, with its whole output.
function runAloneCommand(name: string): string {
  if (name === 'portal') return 'npm run start -w portal';
  return name.startsWith('worker') ? 'npm run worker' : 'npm run api';
}

function ensureRunning(managed: ManagedProcess, recent: RecentLines | undefined): void {
  const { exitCode, signalCode } = managed.child;
  if (exitCode !== null || signalCode !== null) {
    throw new StepFailure(
      `${managed.name} exited (${exitCode ?? signalCode}) while starting`,
      recent?.all() ?? [],
      `run \`${runAloneCommand(managed.name)}\` on its own to see the whole error; a port or a database problem is named in the lines above`,
    );
  }
}

// Waits for the URL only while the process runs: when it dies at start (say its
// port is taken), whatever else answers on that port must not count as ready.
async function readyWhileRunning(
  managed: ManagedProcess,
  recent: RecentLines | undefined,
  url: string,
  what: string,
): Promise<void> {
  const died = managed.exited.then(() => ensureRunning(managed, recent));
  died.catch(() => undefined); // a later, normal exit is not an error
  try {
    await Promise.race([waitForHttp(url, { what, timeoutMs: 60_000 }), died]);
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    throw new StepFailure(
      (error as Error).message,
      recent?.all() ?? [],
      `look at ${managed.name}'s lines above; \`npm run cli -- --help\` and docs/operations.md list the checks`,
      { cause: error },
    );
  }
  ensureRunning(managed, recent);
}

// The API, the projection workers and the portal as child processes, the
// same way `npm start` and the browser tests run them.
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (!portalIsBuilt())
    throw new Error('The portal is not built: run `npm run build -w portal` first');
  const apiUrl = `http://127.0.0.1:${options.apiPort}`;
  const portalUrl = `http://127.0.0.1:${options.portalPort}`;
  const env = stackEnvironment(options, process.env, options.env);
  const recent = new Map<string, RecentLines>();
  const output = (name: string) => {
    const lines = new RecentLines();
    recent.set(name, lines);
    return (line: string) => {
      lines.push(line);
      if (options.output) options.output(name, line);
      else process.stdout.write(`${name.padEnd(8)}| ${line}\n`);
    };
  };
  const launchers = new Map<string, () => ManagedProcess>();
  const define = (name: string, launch: (out: (line: string) => void) => ManagedProcess) => {
    const out = output(name);
    launchers.set(name, () => launch(out));
  };
  define('api', (out) =>
    startProcess('api', process.execPath, nodeArgs('src/main.ts'), {
      env,
      cwd: projectRoot,
      output: out,
    }),
  );
  for (let i = 1; i <= (options.workers ?? 1); i += 1) {
    const name = `worker-${i}`;
    define(name, (out) =>
      startProcess(name, process.execPath, nodeArgs('src/worker.ts'), {
        env,
        cwd: projectRoot,
        output: out,
      }),
    );
  }
  define('portal', (out) =>
    startProcess(
      'portal',
      process.execPath,
      [nextBin, 'start', '-p', String(options.portalPort), '-H', '127.0.0.1'],
      // Next resolves next.config.ts's own imports from the working directory.
      { env, cwd: path.join(projectRoot, 'portal'), output: out },
    ),
  );

  const running = new Map<string, ManagedProcess>();
  const supervised: SupervisedProcess[] = [];
  const launch = (name: string): ManagedProcess => {
    const managed = (launchers.get(name) as () => ManagedProcess)();
    running.set(name, managed);
    return managed;
  };
  const stop = async (): Promise<void> => {
    if (supervised.length > 0) await Promise.all(supervised.map((member) => member.stop()));
    else await Promise.all([...running.values()].map((managed) => stopProcess(managed)));
  };
  try {
    const api = launch('api');
    await readyWhileRunning(api, recent.get('api'), `${apiUrl}/health/live`, 'the API');
    for (const name of launchers.keys()) if (name.startsWith('worker-')) launch(name);
    const portal = launch('portal');
    await readyWhileRunning(portal, recent.get('portal'), `${portalUrl}/signin`, 'the portal');
    // A worker that died at start (bad configuration, unreachable Redis) fails the start too.
    for (const [name, managed] of running) ensureRunning(managed, recent.get(name));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl,
    portalUrl,
    get processes() {
      return supervised.length > 0
        ? supervised.map((member) => member.current)
        : [...running.values()];
    },
    supervise(superviseOptions) {
      if (supervised.length > 0) return;
      for (const [name, managed] of running) {
        supervised.push(superviseProcess(managed, () => launch(name), superviseOptions));
      }
    },
    restarts() {
      return supervised.map(({ name, restarts }) => ({ name, restarts }));
    },
    stop,
  };
}
