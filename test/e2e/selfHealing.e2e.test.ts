// `npm start` heals itself: under live token traffic both projection workers
// and then the API are SIGKILLed; each is restarted with a line naming it and
// its exit cause, and the dashboard's counts catch up to the event log exactly
// (nothing lost, nothing counted twice) without anyone starting a process.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/stack/localStack.js';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../support/testDatabase.js';
import type { TestDatabase } from '../support/testDatabase.js';
import { descendants } from './support/processTree.js';
import {
  interruptAndCheckNothingIsLeft,
  killLeftovers,
  runStart,
  type StartRun,
} from './support/startCommand.js';
import { adminToken, freePort, readDashboard, sumCounts } from './support/stackApi.js';

const run = promisify(execFile);

let db: TestDatabase;
let dir: string;
let apiPort: number;
let portalPort: number;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  dir = await mkdtemp(path.join(tmpdir(), 'self-healing-e2e-'));
  [apiPort, portalPort] = [await freePort(), await freePort()];
});

afterAll(async () => {
  killLeftovers();
  await rm(dir, { recursive: true, force: true });
  await db?.drop();
}, 30_000);

/** Direct children of `npm start` whose command line contains `entry`. */
function childPids(run: StartRun, entry: string): number[] {
  return descendants(run.child.pid as number)
    .filter((row) => row.ppid === run.child.pid)
    .filter((row) => {
      try {
        return readFileSync(`/proc/${row.pid}/cmdline`, 'utf8').includes(entry);
      } catch {
        return false;
      }
    })
    .map((row) => row.pid);
}

async function waitForLine(output: string[], pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output.some((line) => pattern.test(line))) {
    if (Date.now() > deadline) {
      throw new Error(`no line matching ${pattern}; last lines:\n${output.slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(
  url: string,
  init: { token?: string; form?: Record<string, string>; json?: unknown },
) {
  return fetch(url, {
    method: 'POST',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      'content-type': init.form ? 'application/x-www-form-urlencoded' : 'application/json',
    },
    body: init.form ? new URLSearchParams(init.form) : JSON.stringify(init.json),
    signal: AbortSignal.timeout(10_000),
  });
}

/** The tenant's agent tokens in its event log (TokenIssued without an agent is an admin token), read through the audit endpoint. */
async function issuedInLog(apiUrl: string, token: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query: string = `type=TokenIssued&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${apiUrl}/api/audit/events?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`audit answered ${response.status}`);
    const page = (await response.json()) as {
      items: Array<{ data: { agentId: string | null } }>;
      next_cursor: string | null;
    };
    count += page.items.filter((item) => item.data.agentId !== null).length;
    cursor = page.next_cursor;
  } while (cursor);
  return count;
}

describe('npm start supervision', () => {
  it('restarts killed workers and API under token traffic, and the counts catch up exactly', async () => {
    const startRun = await runStart({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      HTTP_PORT: String(apiPort),
      PORTAL_PORT: String(portalPort),
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('self-healing-e2e'),
      PROJECTION_WAKE_INTERVAL_MS: '500',
      DEMO_STATE_FILE: path.join(dir, 'demo-tenant.json'),
      DEMO_DAYS: '1',
    });
    try {
      const apiUrl = startRun.banner.API ?? '';
      // A tenant of this test's own, so the demo's live traffic does not move its counts.
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/index.ts', 'tenant', 'create', 'Self-healing', '--json'],
        {
          cwd: projectRoot,
          env: {
            ...process.env,
            DATABASE_URL: db.url,
            REDIS_URL: testRedisUrl(),
            LOG_LEVEL: 'warn',
          },
          timeout: 60_000,
        },
      );
      const tenant = JSON.parse(stdout) as { client_id: string; client_secret: string };
      let admin = await adminToken(apiUrl, tenant.client_id, tenant.client_secret);
      const agents: Array<{ client_id: string; client_secret: string }> = [];
      for (const name of ['healing-a', 'healing-b', 'healing-c']) {
        const response = await post(`${apiUrl}/api/agents`, { token: admin, json: { name } });
        expect(response.status).toBe(201);
        agents.push((await response.json()) as { client_id: string; client_secret: string });
      }

      const workers = childPids(startRun, 'src/worker.ts');
      const api = childPids(startRun, 'src/main.ts');
      expect(workers).toHaveLength(2);
      expect(api).toHaveLength(1);

      let received = 0;
      const target = 360;
      const kills: Array<{ at: number; pids: number[] }> = [
        { at: 60, pids: workers },
        { at: 180, pids: api },
      ];
      const trafficDeadline = Date.now() + 90_000;
      const client = async (lane: number) => {
        for (let i = lane; received < target && Date.now() < trafficDeadline; i += 4) {
          const due = kills.find((kill) => received >= kill.at);
          if (due) {
            kills.splice(kills.indexOf(due), 1);
            for (const pid of due.pids) process.kill(pid, 'SIGKILL');
          }
          const agent = agents[i % agents.length] as { client_id: string; client_secret: string };
          try {
            const response = await post(`${apiUrl}/oauth2/token`, {
              form: { grant_type: 'client_credentials', ...agent },
            });
            if (response.ok) received += 1;
            await response.arrayBuffer();
          } catch {
            // The API is down; it comes back by itself.
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map((lane) => client(lane)));
      expect(received).toBeGreaterThanOrEqual(target);

      await waitForLine(
        startRun.output,
        /worker-1 was killed by SIGKILL; restarting it in/,
        10_000,
      );
      await waitForLine(
        startRun.output,
        /worker-2 was killed by SIGKILL; restarting it in/,
        10_000,
      );
      await waitForLine(startRun.output, /api was killed by SIGKILL; restarting it in/, 10_000);
      await waitForLine(startRun.output, /worker-1 restarted \(pid \d+, restart 1\)/, 30_000);
      await waitForLine(startRun.output, /worker-2 restarted \(pid \d+, restart 1\)/, 30_000);
      await waitForLine(startRun.output, /api restarted \(pid \d+, restart 1\)/, 30_000);
      await waitForLine(
        startRun.output,
        /status: api up after 1 restart · worker-1 up after 1 restart · worker-2 up after 1 restart · portal up/,
        30_000,
      );

      // A token whose response was lost in the API's crash still has its event:
      // the log is the reference, and every received token is in it.
      admin = await adminToken(apiUrl, tenant.client_id, tenant.client_secret);
      // The audit log shows events once no older transaction is still running;
      // this tenant's traffic has ended, so its count settles.
      let logged = await issuedInLog(apiUrl, admin);
      for (let attempt = 0; attempt < 20 && logged < received; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        logged = await issuedInLog(apiUrl, admin);
      }
      expect(logged).toBeGreaterThanOrEqual(received);
      // The heatmap counts every event of an agent: its registration too.
      const activity = logged + agents.length;

      const deadline = Date.now() + 60_000;
      let counted = { trend: -1, usage: -1, heatmap: -1 };
      while (Date.now() < deadline) {
        const dashboard = await readDashboard(apiUrl, admin, 7).catch(() => undefined);
        if (dashboard) {
          counted = {
            trend: sumCounts(dashboard.tokens),
            usage: dashboard.agents.reduce((sum, agent) => sum + agent.token_count, 0),
            heatmap: dashboard.activity.reduce((sum, bucket) => sum + bucket.count, 0),
          };
          if (counted.trend === logged && counted.usage === logged && counted.heatmap === activity)
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(counted).toEqual({ trend: logged, usage: logged, heatmap: activity });
      // And it stays exact: nothing is counted twice once the restarted workers settle.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const again = await readDashboard(apiUrl, admin, 7);
      expect(sumCounts(again.tokens)).toBe(logged);
    } finally {
      await interruptAndCheckNothingIsLeft(startRun, [apiPort, portalPort]);
    }
  }, 240_000);
});
