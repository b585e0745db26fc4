// `npm start` on a machine where no DATABASE_URL / REDIS_URL is configured: it
// starts the project-local Postgres and Redis (infra/services.sh, here in a
// temporary data folder on free ports), starts one again when it dies, and on
// Ctrl-C stops them only when it started them.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/stack/localStack.js';
import { uniqueRedisPrefix } from '../support/testDatabase.js';
import {
  interruptAndCheckNothingIsLeft,
  killLeftovers,
  runStart,
  type StartRun,
} from './support/startCommand.js';
import { adminToken, freePort, sumCounts, waitForDashboard } from './support/stackApi.js';

const run = promisify(execFile);

let dataDir: string;
let servicesEnv: Record<string, string>;
let ports: { pg: number; redis: number; api: number; portal: number };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'start-services-e2e-'));
  await chmod(dataDir, 0o755); // as root, Postgres runs as the postgres user
  ports = {
    pg: await freePort(),
    redis: await freePort(),
    api: await freePort(),
    portal: await freePort(),
  };
  servicesEnv = {
    ANALYTICS_DATA_DIR: dataDir,
    ANALYTICS_PG_PORT: String(ports.pg),
    ANALYTICS_REDIS_PORT: String(ports.redis),
    ANALYTICS_PG_FSYNC: 'off',
  };
});

afterAll(async () => {
  killLeftovers();
  // Only the servers whose pid files live in this test's data folder.
  await services('down').catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

async function services(action: 'up' | 'down' | 'status'): Promise<string> {
  const { stdout } = await run('bash', ['infra/services.sh', action], {
    cwd: projectRoot,
    env: { ...process.env, ...servicesEnv },
    timeout: 120_000,
  });
  return stdout;
}

function start(): Promise<StartRun> {
  return runStart(
    {
      ...servicesEnv,
      HTTP_PORT: String(ports.api),
      PORTAL_PORT: String(ports.portal),
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('start-services-e2e'),
      PROJECTION_WAKE_INTERVAL_MS: '500',
      DEMO_STATE_FILE: path.join(dataDir, 'demo-tenant.json'),
      DEMO_DAYS: '2',
    },
    { bannerTimeoutMs: 100_000 },
  );
}

async function expectData(startRun: StartRun): Promise<void> {
  const api = startRun.banner.API ?? '';
  const token = await adminToken(
    api,
    startRun.banner['Admin client ID'] ?? '',
    startRun.banner['Admin client secret'] ?? '',
  );
  await waitForDashboard(api, token, (d) => sumCounts(d.tokens) > 0 && d.agents.length > 0, {
    timeoutMs: 45_000,
    days: 7,
  });
}

describe('npm start without configured services', () => {
  it('starts its own Postgres and Redis, starts a killed one again, and stops them on Ctrl-C', async () => {
    expect(await services('status')).toMatch(/postgres: stopped[\s\S]*redis: {4}stopped/);
    const startRun = await start();
    let serverPids: number[] = [];
    try {
      const log = startRun.output.join('\n');
      expect(log).toContain('starting postgres');
      expect(log).toContain('starting redis');
      expect(await services('status')).toMatch(/postgres: running[\s\S]*redis: {4}running/);
      serverPids = [
        Number(
          (await readFile(path.join(dataDir, 'postgres/postmaster.pid'), 'utf8')).split('\n')[0],
        ),
        Number(await readFile(path.join(dataDir, 'redis/redis.pid'), 'utf8')),
      ];
      await expectData(startRun);

      // A service it started that dies under it is started again, and said so.
      process.kill(serverPids[1] as number, 'SIGKILL');
      const deadline = Date.now() + 30_000;
      while (!startRun.output.some((line) => /redis is back after/.test(line))) {
        if (Date.now() > deadline) throw new Error('redis was not started again');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(startRun.output.join('\n')).toContain('redis stopped answering; starting it again');
      serverPids[1] = Number(await readFile(path.join(dataDir, 'redis/redis.pid'), 'utf8'));
      expect(await services('status')).toMatch(/redis: {4}running/);
    } finally {
      await interruptAndCheckNothingIsLeft(
        startRun,
        [ports.api, ports.portal, ports.pg, ports.redis],
        serverPids,
      );
    }
    expect(serverPids.every((pid) => pid > 0)).toBe(true);
    expect(await services('status')).toMatch(/postgres: stopped[\s\S]*redis: {4}stopped/);
  }, 150_000);

  it('leaves services it found running alone, and reuses the data', async () => {
    await services('up');
    const startRun = await start();
    try {
      expect(startRun.output.join('\n')).toContain('Reusing the demo tenant from the last run');
      await expectData(startRun);
    } finally {
      await interruptAndCheckNothingIsLeft(startRun, [ports.api, ports.portal]);
    }
    expect(await services('status')).toMatch(/postgres: running[\s\S]*redis: {4}running/);
  }, 120_000);
});
