// `npm start`: the whole system on one machine with demo data. Checks its
// ports, starts the local Postgres and Redis when none is configured, migrates,
// builds the portal on the first run, starts the API, two projection workers and
// the portal (restarted when they die), seeds (or reuses) the demo tenant, keeps
// light live traffic going, and stops everything it started on Ctrl-C or SIGTERM.
// A failed step prints its own last output lines and the next thing to try.
import path from 'node:path';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { ensureDatabase, migrate } from '../db/migrate.js';
import { createPool } from '../db/pool.js';
import { ensureDemoTenant } from '../demo/ensureDemoTenant.js';
import { startLiveTraffic } from '../demo/liveTraffic.js';
import { seededRandom } from '../demo/random.js';
import { createEventStore } from '../app/createEventStore.js';
import { localServicePorts, localServices, runningServices } from '../stack/localServices.js';
import { portalIsBuilt, projectRoot, startStack } from '../stack/localStack.js';
import { portsInUse } from '../stack/portHolders.js';
import { listensOn, watchLocalServices } from '../stack/serviceWatchdog.js';
import { StepFailure } from '../stack/stepFailure.js';
import { buildPortal } from './buildPortal.js';
import { seedProgressBar } from './seedProgressBar.js';
import { startBanner } from './startBanner.js';
import { stackStatusLine } from './stackStatusLine.js';

const say = (line: string): void => void process.stdout.write(`[start] ${line}\n`);

// Cleanup steps, run last-in first-out on a signal, on failure, or never when
// nothing was started yet.
const cleanups: Array<{ what: string; run: () => Promise<void> | void }> = [];
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const { what, run } of cleanups.reverse()) {
      say(`stopping ${what}`);
      try {
        await run();
      } catch (error) {
        say(`stopping ${what} failed: ${(error as Error).message}`);
        exitCode = 1;
      }
    }
    say('stopped');
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return; // already on the way out; the children get SIGKILL if they hang
    say(`${signal} received`);
    void stopAll(0);
  });
}

/** Runs one step; a failure becomes a StepFailure naming the step. */
async function step<T>(title: string, next: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StepFailure) {
      throw new StepFailure(`${title}: ${error.message}`, error.details, error.next, {
        cause: error,
      });
    }
    throw new StepFailure(`${title}: ${(error as Error).message}`, [], next, { cause: error });
  }
}

async function checkPorts(
  wanted: ReadonlyArray<'postgres' | 'redis'>,
  apiPort: number,
  portalPort: number,
): Promise<void> {
  const ours = wanted.length > 0 ? await runningServices() : new Set<string>();
  const servicePorts = localServicePorts();
  const ports = [
    { what: 'the API (HTTP_PORT)', port: apiPort },
    { what: 'the portal (PORTAL_PORT)', port: portalPort },
    ...wanted
      .filter((service) => !ours.has(service))
      .map((service) => ({
        what: `the local ${service === 'postgres' ? 'Postgres (ANALYTICS_PG_PORT)' : 'Redis (ANALYTICS_REDIS_PORT)'}`,
        port: servicePorts[service],
      })),
  ];
  const taken = await portsInUse(ports);
  if (taken.length > 0) {
    throw new StepFailure(
      `${taken.length === 1 ? 'a port is' : 'ports are'} already in use`,
      taken.map(({ what, port, holder }) => `port ${port}, for ${what}, is held by ${holder}`),
      'stop that process, or choose other ports with the variables named above (e.g. HTTP_PORT=4100 PORTAL_PORT=3100 npm start)',
    );
  }
}

async function main(): Promise<void> {
  const wanted = [
    ...(process.env.DATABASE_URL ? [] : (['postgres'] as const)),
    ...(process.env.REDIS_URL ? [] : (['redis'] as const)),
  ];
  const initialConfig = await step(
    'reading the configuration',
    'fix the variables named above',
    () => Promise.resolve(loadConfig(process.env)),
  );
  await step('checking ports', 'stop the process holding the port', () =>
    checkPorts(wanted, initialConfig.HTTP_PORT, initialConfig.PORTAL_PORT),
  );

  let localUrls = {};
  if (wanted.length > 0) {
    say(
      `no ${wanted.map((s) => (s === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL')).join(' / ')} set: using the project-local ${wanted.join(' and ')}`,
    );
    const services = localServices(wanted);
    cleanups.push({
      what: 'the local services this run started',
      run: () => services.stop(),
    });
    await step('starting the local services', 'run `npm run services:up`', () =>
      services.start((line) => say(line)),
    );
    localUrls = services.urls;
    if (services.started.length === 0)
      say('the local services were already running: leaving them on exit');
    if (services.started.length > 0) {
      const ports = localServicePorts();
      const watchdog = watchLocalServices({
        services: [...services.started],
        isUp: (service) => listensOn(ports[service]),
        restart: (service) => services.restart(service),
        log: say,
      });
      // Registered after the services' own cleanup, so it runs first: nothing
      // is started again while they are being stopped.
      cleanups.push({ what: 'the watch on the local services', run: () => watchdog.stop() });
    }
  }
  if (stopping) return;
  const config = loadConfig({ ...process.env, ...localUrls });
  await step(
    'migrating the database',
    `check that Postgres answers at DATABASE_URL (${redactedUrl(config.DATABASE_URL)}); \`npm run services:status\` shows the local one`,
    async () => {
      await ensureDatabase(config.DATABASE_URL);
      const applied = await migrate(config.DATABASE_URL);
      say(applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'database up to date');
    },
  );

  if (!portalIsBuilt()) {
    await step('building the portal', 'run `npm run build -w portal` to see its whole output', () =>
      buildPortal(say),
    );
  }
  if (stopping) return;

  say('starting the API, 2 projection workers and the portal…');
  const stack = await step('starting the API, workers and portal', 'read the lines above', () =>
    startStack({
      databaseUrl: config.DATABASE_URL,
      redisUrl: config.REDIS_URL,
      apiPort: config.HTTP_PORT,
      portalPort: config.PORTAL_PORT,
      workers: 2,
      // The banner stays readable: services log warnings and errors only unless asked.
      // The local demo may send webhooks to a receiver on this machine
      // (`npm run cli -- webhooks listen`); a deployment never sets this.
      env: {
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        WEBHOOK_ALLOW_PRIVATE: process.env.WEBHOOK_ALLOW_PRIVATE ?? 'true',
      },
    }),
  );
  cleanups.push({ what: 'the API, workers and portal', run: () => stack.stop() });
  if (stopping) return;

  const demo = await step(
    'seeding the demo tenant',
    `check that Postgres answers at DATABASE_URL; to start over with a new demo tenant, delete ${config.DEMO_STATE_FILE}`,
    async () => {
      const pool = createPool({
        connectionString: config.DATABASE_URL,
        max: 4,
        applicationName: 'start',
      });
      const eventStore = await createEventStore(config, pool);
      const progress = seedProgressBar();
      try {
        return await ensureDemoTenant(
          { eventStore, pool, clock: systemClock },
          path.resolve(projectRoot, config.DEMO_STATE_FILE),
          {
            days: config.DEMO_DAYS,
            onProgress: (written, total) => progress.onProgress(written, total),
          },
        );
      } finally {
        progress.stop();
        await eventStore.close();
        await pool.end();
      }
    },
  );
  if (stopping) return;

  // From here on a process that dies is restarted, and the restart is reported.
  stack.supervise({
    log: say,
    onRestart: () => say(stackStatusLine(stack.restarts())),
  });

  const traffic = startLiveTraffic(stack.apiUrl, demo.state, {
    random: seededRandom(Date.now()),
    onError: (message) => say(`live traffic: ${message}`),
  });
  cleanups.push({ what: 'live traffic', run: () => traffic.stop() });

  process.stdout.write(
    startBanner({
      portalUrl: stack.portalUrl,
      apiUrl: stack.apiUrl,
      demo: demo.state,
      seeded: demo.seeded,
    }),
  );
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'not a URL';
  }
}

main().catch(async (error: unknown) => {
  const failure =
    error instanceof StepFailure
      ? error
      : new StepFailure((error as Error).message, [], 'read the lines above');
  process.stderr.write(`[start] failed while ${failure.message}\n`);
  for (const line of failure.details) process.stderr.write(`[start]   | ${line}\n`);
  process.stderr.write(`[start] next: ${failure.next}\n`);
  await stopAll(1);
});
