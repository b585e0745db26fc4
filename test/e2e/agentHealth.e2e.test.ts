// The "Needs attention" panel and the per-agent page in headless Chromium against the
// real stack (API, a worker, `next start` of the build) on a fresh database, with a demo
// tenant whose sales copilot had a burst of wrong-secret requests three hours ago.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemClock } from '../../src/clock.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import { loadConfig } from '../../src/config.js';
import { demoAgents } from '../../src/demo/demoAgents.js';
import type { DemoState } from '../../src/demo/demoState.js';
import { seedDemoTenant } from '../../src/demo/seedDemoTenant.js';
import type { RunningStack } from '../../src/stack/localStack.js';
import { createTestDatabase } from '../support/testDatabase.js';
import type { TestDatabase } from '../support/testDatabase.js';
import { signIn, startPortalStack } from './support/portalStack.js';
import { launchBrowser, saveScreenshot, VIEWPORTS } from './support/browser.js';
import { adminToken, getJson } from './support/stackApi.js';

const seededAgents = demoAgents.filter((agent) =>
  ['support-assistant', 'sales-copilot'].includes(agent.name),
);

interface AgentFailures {
  agent_id: string;
  name: string;
  failures: number;
  by_reason: Record<string, number>;
}

let db: TestDatabase;
let stack: RunningStack;
let demo: DemoState;
let apiToken: string;
let failing: AgentFailures;
let anomaliesServed: boolean;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  stack = await startPortalStack(db, 'agent-health-e2e', {
    PROJECTION_WAKE_INTERVAL_MS: '500',
  });

  const eventStore = await createEventStore(loadConfig({ DATABASE_URL: db.url }), db.pool);
  try {
    demo = await seedDemoTenant(
      { eventStore, pool: db.pool, clock: systemClock },
      { days: 21, agents: seededAgents },
    );
  } finally {
    await eventStore.close();
  }
  apiToken = await adminToken(stack.apiUrl, demo.adminClientId, demo.adminClientSecret);

  const sales = demo.agents.find((agent) => agent.name === 'sales-copilot');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [agents, scopes] = await Promise.all([
      getJson<AgentFailures[]>(stack.apiUrl, apiToken, '/api/analytics/agents/failures?days=7'),
      getJson<{ used: Record<string, number> }[]>(
        stack.apiUrl,
        apiToken,
        `/api/analytics/scopes?agent_id=${sales?.agentId}`,
      ),
    ]);
    const found = agents.find((agent) => agent.agent_id === sales?.agentId);
    if (found?.failures === 40 && (scopes[0]?.used['crm:read'] ?? 0) > 0) {
      failing = found;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(failing).toBeDefined();
  const anomalies = await fetch(`${stack.apiUrl}/api/analytics/anomalies?days=7`, {
    headers: { authorization: `Bearer ${apiToken}` },
  });
  anomaliesServed = anomalies.status !== 404;
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
}, 30_000);

describe('agent health in the portal', () => {
  it('lists the failing agent with its explanation and opens its page with every section', async () => {
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      await signIn(page, demo);

      // The panel: the failing agent, explained in one line.
      const item = page.locator(
        `[data-testid=attention-item][data-agent-id="${failing.agent_id}"][data-kind=Failing]`,
      );
      await item.waitFor({ timeout: 20_000 });
      expect(await item.locator('[data-testid=attention-explanation]').textContent()).toBe(
        '40 failed requests in 7 days, all invalid_client',
      );
      expect(await item.locator('[data-testid=agent-link]').textContent()).toBe('sales-copilot');
      const unavailable = page.locator('[data-testid=anomalies-unavailable]');
      if (anomaliesServed) expect(await unavailable.count()).toBe(0);
      else await unavailable.waitFor({ timeout: 10_000 });

      // The failed-requests chart, and agent names in the usage table link to their pages.
      await page.waitForSelector('[data-testid=failure-chart][data-reasons="invalid_client"]', {
        timeout: 20_000,
      });
      const usageLinks = page.locator('[data-testid=agent-usage-row] [data-testid=agent-link]');
      await usageLinks.first().waitFor({ timeout: 20_000 });
      expect(await usageLinks.count()).toBe(seededAgents.length);
      await saveScreenshot(page, 'analytics-attention');

      // The agent's page, reached from the panel.
      await item.locator('[data-testid=agent-link]').click();
      await page.waitForURL(new RegExp(`/analytics/agents/${failing.agent_id}$`), {
        timeout: 15_000,
      });
      await page.waitForSelector('[data-testid=agent-name]:has-text("sales-copilot")', {
        timeout: 15_000,
      });
      const section = (name: string) => page.locator(`[data-testid=agent-section-${name}]`);
      await section('trend')
        .locator('[data-testid=token-trend-chart]')
        .waitFor({ timeout: 20_000 });
      await section('activity').locator('[data-testid=heatmap-cell]').first().waitFor();
      const scope = section('scopes').locator('[data-testid=scope-row][data-scope="crm:read"]');
      await scope.waitFor();
      expect(await scope.getAttribute('data-status')).toBe('used');
      const reason = section('failures').locator('[data-testid=failure-reason]');
      await reason.first().waitFor();
      expect(await reason.getAttribute('data-reason')).toBe('invalid_client');
      await section('anomalies').waitFor();
      const events = section('events').locator('[data-testid=audit-event-row]');
      await events.first().waitFor();
      expect(await events.count()).toBe(20);
      const types = await events.evaluateAll((rows) =>
        rows.map((row) => row.getAttribute('data-type')),
      );
      expect(types.every((type) => type === 'TokenIssued' || type === 'TokenRequestRejected')).toBe(
        true,
      );
      await saveScreenshot(page, 'agent-page');
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);
});
