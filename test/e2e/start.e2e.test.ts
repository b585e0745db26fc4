// `npm start`'s path as a child process: it brings the stack up with a demo
// tenant, the dashboard endpoints answer with data, Ctrl-C (SIGINT) stops every
// process it started, and a second run reuses the seeded tenant.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoAgents } from '../../src/demo/demoAgents.js';
import { readDemoState } from '../../src/demo/demoState.js';
import { projectRoot } from '../../src/stack/localStack.js';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../support/testDatabase.js';
import type { TestDatabase } from '../support/testDatabase.js';
import { descendants, survivors } from './support/processTree.js';
import {
  adminToken,
  freePort,
  portInUse,
  sumCounts,
  waitForDashboard,
} from './support/stackApi.js';

interface StartRun {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  banner: Record<string, string>;
}

let db: TestDatabase;
let dir: string;
let stateFile: string;
let apiPort: number;
let portalPort: number;
const queuePrefix = uniqueRedisPrefix('start-e2e');
const running: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  dir = await mkdtemp(path.join(tmpdir(), 'start-e2e-'));
  stateFile = path.join(dir, 'demo-tenant.json');
  [apiPort, portalPort] = [await freePort(), await freePort()];
});

afterAll(async () => {
  // Only when a test failed half-way: nothing may outlive the file.
  for (const child of running) {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
  await db?.drop();
}, 30_000);

const bannerLabels = ['Portal', 'API', 'Admin client ID', 'Admin client secret'];

async function start(): Promise<StartRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    HTTP_PORT: String(apiPort),
    PORTAL_PORT: String(portalPort),
    PROJECTION_QUEUE_PREFIX: queuePrefix,
    PROJECTION_WAKE_INTERVAL_MS: '500',
    DEMO_STATE_FILE: stateFile,
    DEMO_DAYS: '7',
    NODE_ENV: 'test',
  };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the app
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: projectRoot,
    env,
    detached: true, // its own process group, like a shell job, so we can find strays
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const banner = new Promise<Record<string, string>>((resolve, reject) => {
    const fields: Record<string, string> = {};
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        output.push(line);
        const match = /^\s+([A-Za-z ]+):\s+(\S.*)$/.exec(line);
        if (match?.[1] && match[2] && bannerLabels.includes(match[1])) fields[match[1]] = match[2];
      }
      if (bannerLabels.every((label) => label in fields)) resolve(fields);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) =>
      reject(
        new Error(`start exited (${code}) before its banner:\n${output.slice(-40).join('\n')}`),
      ),
    );
    setTimeout(
      () => reject(new Error(`no banner within 90 s:\n${output.slice(-40).join('\n')}`)),
      90_000,
    ).unref();
  });
  return { child, output, exited, banner: await banner };
}

async function interruptAndCheckNothingIsLeft(run: StartRun): Promise<void> {
  const pid = run.child.pid as number;
  const tree = descendants(pid);
  // API, two workers and the portal, each in its own process group.
  expect(tree.filter((row) => row.ppid === pid && row.pgid === row.pid)).toHaveLength(4);

  process.kill(pid, 'SIGINT');
  const code = await Promise.race([
    run.exited,
    new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 40_000).unref()),
  ]);
  expect(code).toBe(0);

  const pids = tree.map((row) => row.pid);
  const groups = [pid, ...tree.map((row) => row.pgid)];
  expect(survivors([pid, ...pids], groups)).toEqual([]);
  expect(await portInUse(apiPort)).toBe(false);
  expect(await portInUse(portalPort)).toBe(false);
}

describe('npm start', () => {
  it('starts the system with demo data and stops everything on SIGINT', async () => {
    const run = await start();
    try {
      expect(run.banner.Portal).toBe(`http://127.0.0.1:${portalPort}/analytics`);
      expect(run.banner.API).toBe(`http://127.0.0.1:${apiPort}`);
      expect(run.output.join('\n')).toContain('Seeded a new demo tenant');
      expect(run.output.join('\n')).toMatch(/Writing history .*TokenIssued events/);

      const state = await readDemoState(stateFile);
      expect(state?.adminClientId).toBe(run.banner['Admin client ID']);
      expect((await stat(stateFile)).mode & 0o777).toBe(0o600);

      const token = await adminToken(
        run.banner.API ?? '',
        run.banner['Admin client ID'] ?? '',
        run.banner['Admin client secret'] ?? '',
      );
      const expectedNames = demoAgents.map((agent) => agent.renamedTo?.name ?? agent.name).sort();
      const dashboard = await waitForDashboard(
        run.banner.API ?? '',
        token,
        (d) =>
          sumCounts(d.tokens) > 0 &&
          d.activity.length > 0 &&
          d.agents.length === demoAgents.length &&
          d.agents.some((agent) => agent.token_count > 0),
        { timeoutMs: 60_000, days: 7 },
      );
      expect(dashboard.tokens).toHaveLength(7);
      expect(dashboard.agents.map((agent) => agent.name).sort()).toEqual(expectedNames);

      const signin = await fetch(`http://127.0.0.1:${portalPort}/signin`, {
        signal: AbortSignal.timeout(10_000),
      });
      expect(signin.status).toBe(200);
    } finally {
      await interruptAndCheckNothingIsLeft(run);
    }
  }, 150_000);

  it('reuses the seeded demo tenant on the next run', async () => {
    const before = await readDemoState(stateFile);
    expect(before).toBeDefined();
    const run = await start();
    try {
      expect(run.output.join('\n')).toContain('Reusing the demo tenant from the last run');
      expect(run.output.join('\n')).not.toContain('Writing history');
      expect(run.banner['Admin client ID']).toBe(before?.adminClientId);
      const token = await adminToken(
        run.banner.API ?? '',
        run.banner['Admin client ID'] ?? '',
        run.banner['Admin client secret'] ?? '',
      );
      await waitForDashboard(run.banner.API ?? '', token, (d) => sumCounts(d.tokens) > 0, {
        timeoutMs: 30_000,
        days: 7,
      });
    } finally {
      await interruptAndCheckNothingIsLeft(run);
    }
  }, 120_000);
});
