// `npm start`: the whole system on one machine with demo data. Starts the local
// Postgres and Redis when none is configured, migrates, builds the portal on the
// first run, starts the API, two projection workers and the portal, seeds (or
// reuses) the demo tenant, keeps light live traffic going, and stops everything
// it started on Ctrl-C or SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { ensureDatabase, migrate } from '../db/migrate.js';
import { createPool } from '../db/pool.js';
import { ensureDemoTenant } from '../demo/ensureDemoTenant.js';
import { startLiveTraffic } from '../demo/liveTraffic.js';
import { seededRandom } from '../demo/random.js';
import { createEventStore } from '../eventstore/createEventStore.js';
import { localServices } from '../stack/localServices.js';
import { portalIsBuilt, projectRoot, startStack } from '../stack/localStack.js';
import { seedProgressBar } from './seedProgressBar.js';
import { startBanner } from './startBanner.js';

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

async function buildPortal(): Promise<void> {
  say('building the portal (next build; first run only, takes a minute or two)…');
  const build = spawn('npm', ['run', 'build', '-w', 'portal'], {
    cwd: projectRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
  if (code !== 0) throw new Error(`the portal build failed (exit ${code})`);
}

async function main(): Promise<void> {
  const wanted = [
    ...(process.env.DATABASE_URL ? [] : (['postgres'] as const)),
    ...(process.env.REDIS_URL ? [] : (['redis'] as const)),
  ];
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
    await services.start((line) => say(line));
    localUrls = services.urls;
    if (services.started.length === 0)
      say('the local services were already running: leaving them on exit');
  }
  if (stopping) return;
  const config = loadConfig({ ...process.env, ...localUrls });
  await ensureDatabase(config.DATABASE_URL);
  const applied = await migrate(config.DATABASE_URL);
  say(applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'database up to date');

  if (!portalIsBuilt()) await buildPortal();
  if (stopping) return;

  say('starting the API, 2 projection workers and the portal…');
  const stack = await startStack({
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    apiPort: config.HTTP_PORT,
    portalPort: config.PORTAL_PORT,
    workers: 2,
    // The banner stays readable: services log warnings and errors only unless asked.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  cleanups.push({ what: 'the API, workers and portal', run: () => stack.stop() });
  if (stopping) return;

  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: 4,
    applicationName: 'start',
  });
  const eventStore = await createEventStore(config, pool);
  const progress = seedProgressBar();
  const stateFile = path.resolve(projectRoot, config.DEMO_STATE_FILE);
  let demo;
  try {
    demo = await ensureDemoTenant({ eventStore, pool, clock: systemClock }, stateFile, {
      days: config.DEMO_DAYS,
      onProgress: (written, total) => progress.onProgress(written, total),
    });
  } finally {
    progress.stop();
    await eventStore.close();
    await pool.end();
  }
  if (stopping) return;

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

main().catch(async (error: unknown) => {
  process.stderr.write(`[start] ${(error as Error).message}\n`);
  await stopAll(1);
});
