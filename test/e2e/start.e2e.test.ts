// `npm start`'s path as a child process: it brings the stack up with a demo
// tenant, the dashboard endpoints answer with data, Ctrl-C (SIGINT) stops every
// process it started, and a second run reuses the seeded tenant.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoAgents } from '../../src/demo/demoAgents.js';
import { readDemoState } from '../../src/demo/demoState.js';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../support/testDatabase.js';
import type { TestDatabase } from '../support/testDatabase.js';
import {
  interruptAndCheckNothingIsLeft,
  killLeftovers,
  runStart,
  type StartRun,
} from './support/startCommand.js';
import { adminToken, freePort, sumCounts, waitForDashboard } from './support/stackApi.js';

let db: TestDatabase;
let dir: string;
let stateFile: string;
let apiPort: number;
let portalPort: number;
const queuePrefix = uniqueRedisPrefix('start-e2e');

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  dir = await mkdtemp(path.join(tmpdir(), 'start-e2e-'));
  stateFile = path.join(dir, 'demo-tenant.json');
  [apiPort, portalPort] = [await freePort(), await freePort()];
});

afterAll(async () => {
  killLeftovers();
  await rm(dir, { recursive: true, force: true });
  await db?.drop();
}, 30_000);

function start(): Promise<StartRun> {
  return runStart({
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    HTTP_PORT: String(apiPort),
    PORTAL_PORT: String(portalPort),
    PROJECTION_QUEUE_PREFIX: queuePrefix,
    PROJECTION_WAKE_INTERVAL_MS: '500',
    DEMO_STATE_FILE: stateFile,
    DEMO_DAYS: '7',
  });
}

describe('npm start', () => {
  it('starts the system with demo data and stops everything on SIGINT', async () => {
    const run = await start();
    try {
      expect(run.banner.Portal).toBe(`http://127.0.0.1:${portalPort}/analytics`);
      expect(run.banner.API).toBe(`http://127.0.0.1:${apiPort}`);
      expect(run.output.join('\n')).toContain('Seeded a new demo tenant');
      expect(run.output.join('\n')).toMatch(/Writing history .*token events/);

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
      await interruptAndCheckNothingIsLeft(run, [apiPort, portalPort]);
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
      await interruptAndCheckNothingIsLeft(run, [apiPort, portalPort]);
    }
  }, 120_000);
});
