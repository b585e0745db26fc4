// The quota editor in headless Chromium against the real stack (API, a
// projection worker, `next start` of the built portal): set a quota on an
// agent from the usage table, see its bar, then remove it. The agents
// projection is held back around each save, so the page's first reload reads
// the quota from before it, as on a busy machine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator } from 'playwright-core';
import { systemClock } from '../../src/clock.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import { loadConfig } from '../../src/config.js';
import { lockCheckpoint } from '../../src/projections/runner/applyBatch.js';
import { demoAgents } from '../../src/demo/demoAgents.js';
import type { DemoState } from '../../src/demo/demoState.js';
import { seedDemoTenant } from '../../src/demo/seedDemoTenant.js';
import type { RunningStack } from '../../src/stack/localStack.js';
import { createTestDatabase } from '../support/testDatabase.js';
import type { TestDatabase } from '../support/testDatabase.js';
import { signIn, startPortalStack } from './support/portalStack.js';
import { launchBrowser, saveScreenshot, VIEWPORTS } from './support/browser.js';
import { adminToken, getJson, waitForDashboard } from './support/stackApi.js';

const seededAgents = demoAgents.filter((agent) =>
  ['support-assistant', 'billing-reconciler'].includes(agent.name),
);

let db: TestDatabase;
let stack: RunningStack;
let demo: DemoState;
let apiToken: string;

// The page's refresh tick is 30 s (REFRESH_INTERVAL_MS): a bar that waits for it is late.
const BEFORE_REFRESH_TICK_MS = 15_000;

interface AgentWithQuota {
  agent_id: string;
  name: string;
  quota: { limit: number; period: string; mode: string; used: number } | null;
}

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  stack = await startPortalStack(db, 'quota-e2e', {
    PROJECTION_WAKE_INTERVAL_MS: '500',
  });
  const eventStore = await createEventStore(loadConfig({ DATABASE_URL: db.url }), db.pool);
  try {
    demo = await seedDemoTenant(
      { eventStore, pool: db.pool, clock: systemClock },
      { days: 2, agents: seededAgents },
    );
  } finally {
    await eventStore.close();
  }
  apiToken = await adminToken(stack.apiUrl, demo.adminClientId, demo.adminClientSecret);
  await waitForDashboard(
    stack.apiUrl,
    apiToken,
    (dashboard) => dashboard.agents.length === seededAgents.length,
    { timeoutMs: 60_000, days: 7 },
  );
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
}, 30_000);

describe('quota editor', () => {
  it('sets, shows and removes an agent quota from the usage table', async () => {
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      await signIn(page, demo);
      await page.waitForSelector('[data-testid=agent-usage-row]', { timeout: 20_000 });

      const usage = await getJson<AgentWithQuota[]>(
        stack.apiUrl,
        apiToken,
        '/api/analytics/agents',
      );
      const target = usage[0] as AgentWithQuota;
      const row = page.locator(`[data-testid=agent-usage-row][data-agent-id="${target.agent_id}"]`);
      await row.locator('[data-testid=quota-edit]').click();
      const editor = page.locator(`[data-testid=quota-editor][data-agent-id="${target.agent_id}"]`);

      // A limit the API would refuse is caught in the form; nothing is sent.
      await editor.locator('[data-testid=quota-limit]').fill('0');
      await editor.locator('[data-testid=quota-save]').click();
      await expectText(editor.locator('[data-testid=quota-status]'), /limit from 1/);

      await editor.locator('[data-testid=quota-limit]').fill('5000');
      await editor.locator('[data-testid=quota-period]').selectOption('day');
      await editor.locator('[data-testid=quota-mode]').selectOption('enforce');
      let stalled = await stallAgentsProjection();
      await editor.locator('[data-testid=quota-save]').click();
      await expectText(editor.locator('[data-testid=quota-status]'), /Quota saved/);
      await stalled.released;

      // The agents read model shows it once the projection has caught up.
      const quota = await quotaOnceProjected(target.agent_id, (q) => q !== null);
      expect(quota).toMatchObject({ limit: 5000, period: 'day', mode: 'enforce' });

      // The table loads again until it has the quota, well before the next refresh
      // tick: a bar with the limit, and the editor still says it saved.
      const bar = row.locator('[data-testid=quota-bar]');
      await bar.waitFor({ timeout: BEFORE_REFRESH_TICK_MS });
      expect(await bar.getAttribute('data-limit')).toBe('5000');
      expect(await bar.getAttribute('data-mode')).toBe('enforce');
      expect(await editor.locator('[data-testid=quota-status]').textContent()).toMatch(
        /Quota saved/,
      );
      await saveScreenshot(page, 'quota-editor-desktop');

      stalled = await stallAgentsProjection();
      await editor.locator('[data-testid=quota-remove]').click();
      await expectText(editor.locator('[data-testid=quota-status]'), /Quota removed/);
      await stalled.released;
      expect(await quotaOnceProjected(target.agent_id, (q) => q === null)).toBeNull();
      await bar.waitFor({ state: 'detached', timeout: BEFORE_REFRESH_TICK_MS });
      expect(await editor.locator('[data-testid=quota-status]').textContent()).toMatch(
        /Quota removed/,
      );
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);

  it("passes the browser's If-Match and the API's 400s through, and refuses large bodies and undecodable paths", async () => {
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      const usage = await getJson<AgentWithQuota[]>(
        stack.apiUrl,
        apiToken,
        '/api/analytics/agents',
      );
      const agentId = (usage[0] as AgentWithQuota).agent_id;
      await signIn(page, demo);
      const answers = await page.evaluate(async (id) => {
        const quotaUrl = `/portal-api/agents/${id}/quota`;
        const send = async (method: string, url: string, ifMatch?: string, limit = 9) => {
          const response = await fetch(url, {
            method,
            headers: {
              'content-type': 'application/json',
              ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
            },
            ...(method === 'PUT'
              ? { body: JSON.stringify({ limit, period: 'hour', mode: 'monitor' }) }
              : {}),
          });
          return { status: response.status, etag: response.headers.get('etag') };
        };
        const fieldsOf = async (url: string) => {
          const response = await fetch(url);
          const problem = (await response.json().catch(() => ({}))) as {
            errors?: { field: string }[];
          };
          return [response.status, problem.errors?.map((error) => error.field)];
        };
        const first = await send('PUT', quotaUrl);
        const next = `"${Number(first.etag?.slice(1, -1)) + 1}"`;
        return {
          first,
          stalePut: await send('PUT', quotaUrl, '"0"', 10),
          malformed: await send('PUT', quotaUrl, 'garbage', 10),
          currentPut: await send('PUT', quotaUrl, first.etag ?? undefined, 10),
          staleDelete: await send('DELETE', quotaUrl, first.etag ?? undefined),
          // Only the current-revision write moved the agent: one revision on.
          nextDelete: await send('DELETE', quotaUrl, next),
          audit: [
            await fieldsOf('/portal-api/audit/events?cursor=abc'),
            await fieldsOf(
              '/portal-api/audit/events?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
            ),
          ],
          tooLarge: await Promise.all(
            [70_000, 11_000_000].map(async (padding) => {
              const response = await fetch(quotaUrl, {
                method: 'PUT',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ limit: 9, pad: 'x'.repeat(padding) }),
              });
              return response.status;
            }),
          ),
          undecodable: [
            (await fetch('/portal-api/agents/%ZZ/quota', { method: 'DELETE' })).status,
            (await fetch('/analytics/agents/%E0%A4%A')).status,
          ],
        };
      }, agentId);
      expect(answers.first.status).toBe(200);
      expect(answers.first.etag).toMatch(/^"\d+"$/);
      expect(answers.stalePut.status).toBe(412);
      expect(answers.malformed.status).toBe(400);
      expect(answers.currentPut.status).toBe(200);
      expect(answers.staleDelete.status).toBe(412);
      expect(answers.audit).toEqual([
        [400, ['cursor']],
        [400, ['to']],
      ]);
      expect(answers.tooLarge).toEqual([413, 413]);
      expect(answers.undecodable).toEqual([400, 400]);
      expect(answers.nextDelete.status).toBe(200);
    } finally {
      await session.close();
    }
  }, 60_000);

  it('sets an agent quota from the agent page and shows its bar there', async () => {
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      const usage = await getJson<AgentWithQuota[]>(
        stack.apiUrl,
        apiToken,
        '/api/analytics/agents',
      );
      const target = usage[1] as AgentWithQuota;
      await signIn(page, demo);
      await page.goto(`/analytics/agents/${target.agent_id}`);

      const section = page.locator('[data-testid=agent-section-quota]');
      await expectText(section, /No quota/);
      const editor = section.locator(
        `[data-testid=quota-editor][data-agent-id="${target.agent_id}"]`,
      );
      await editor.locator('[data-testid=quota-limit]').fill('700');
      await editor.locator('[data-testid=quota-period]').selectOption('hour');
      const stalled = await stallAgentsProjection();
      await editor.locator('[data-testid=quota-save]').click();
      await expectText(editor.locator('[data-testid=quota-status]'), /Quota saved/);
      await stalled.released;

      const quota = await quotaOnceProjected(target.agent_id, (q) => q !== null);
      expect(quota).toMatchObject({ limit: 700, period: 'hour', mode: 'monitor' });
      // The page loads the usage again until it has the quota: the bar appears with the
      // limit, and the editor (not re-mounted by that reload) still says it saved.
      const bar = section.locator('[data-testid=quota-bar]');
      await bar.waitFor({ timeout: BEFORE_REFRESH_TICK_MS });
      expect(await bar.getAttribute('data-limit')).toBe('700');
      expect(await editor.locator('[data-testid=quota-status]').textContent()).toMatch(
        /Quota saved/,
      );
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);
});

async function quotaOnceProjected(
  agentId: string,
  done: (quota: AgentWithQuota['quota']) => boolean,
): Promise<AgentWithQuota['quota']> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const agent = await getJson<AgentWithQuota>(stack.apiUrl, apiToken, `/api/agents/${agentId}`);
    if (done(agent.quota) || Date.now() > deadline) return agent.quota;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Keeps the agents projection from moving (it waits on its checkpoint lock, as
// for any other writer) for a while, so the page's reload right after a save
// reads the agent from before it.
async function stallAgentsProjection(ms = 3_000): Promise<{ released: Promise<void> }> {
  const client = await db.pool.connect();
  await client.query('BEGIN');
  await lockCheckpoint(client, 'agents');
  const released = new Promise<void>((resolve) => setTimeout(resolve, ms))
    .then(() => client.query('COMMIT'))
    .then(
      () => client.release(),
      (error: unknown) => client.release(error as Error),
    );
  return { released };
}

async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${pattern} in "${text}"`);
}
