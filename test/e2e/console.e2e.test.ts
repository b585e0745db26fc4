// The tenant admin's console in headless Chromium against the real stack: the
// audit log page (filters in the URL, load more, event details, agent links),
// CSV downloads, and the previous period beside the token trend and the usage.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
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
import { adminToken, getJson, sumCounts, waitForDashboard } from './support/stackApi.js';

const SEEDED_DAYS = 3;
const seededAgents = demoAgents.filter((agent) =>
  ['support-assistant', 'billing-reconciler', 'code-reviewer'].includes(agent.name),
);

interface AuditItem {
  id: string;
  type: string;
  occurred_at: string;
  data: { agentId?: string };
}
interface AuditPage {
  items: AuditItem[];
  next_cursor: string | null;
}

let db: TestDatabase;
let stack: RunningStack;
let demo: DemoState;
let apiToken: string;
let seededTokens = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  stack = await startPortalStack(db, 'console-e2e', {
    PROJECTION_WAKE_INTERVAL_MS: '500',
  });

  const eventStore = await createEventStore(loadConfig({ DATABASE_URL: db.url }), db.pool);
  try {
    demo = await seedDemoTenant(
      { eventStore, pool: db.pool, clock: systemClock },
      {
        days: SEEDED_DAYS,
        agents: seededAgents,
        onProgress: (_written, total) => {
          seededTokens = total;
        },
      },
    );
  } finally {
    await eventStore.close();
  }
  apiToken = await adminToken(stack.apiUrl, demo.adminClientId, demo.adminClientSecret);
  await waitForDashboard(
    stack.apiUrl,
    apiToken,
    (dashboard) =>
      sumCounts(dashboard.tokens) === seededTokens &&
      dashboard.agents.length === seededAgents.length,
    { timeoutMs: 60_000, days: 90 },
  );
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
}, 30_000);

const rowIds = (page: Page) =>
  page
    .locator('[data-testid=audit-row] [data-testid=audit-toggle]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-controls') ?? ''));

describe('the tenant admin console', () => {
  it('audit log: filters in the URL, load more, details, agent links, CSV download', async () => {
    const today = new Date();
    const yesterday = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
    const todayDate = today.toISOString().slice(0, 10);
    const range = `from=${yesterday}T00:00:00Z&to=${todayDate}T00:00:00Z`;
    const ndjson = async (query: string): Promise<AuditItem[]> => {
      const response = await fetch(`${stack.apiUrl}/api/audit/events?format=ndjson&${query}`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      expect(response.status).toBe(200);
      const text = (await response.text()).trimEnd();
      return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as AuditItem);
    };
    // An agent that had tokens yesterday (the seeded history has quiet hours and agents).
    const agentId = (await ndjson(`type=TokenIssued&${range}`)).find(
      (item) => item.data.agentId !== undefined,
    )?.data.agentId;
    expect(agentId).toEqual(expect.any(String));

    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      // Signing in appends events of its own: the expected pages are read after it.
      await signIn(page, demo);
      const firstPages = await getJson<AuditPage>(
        stack.apiUrl,
        apiToken,
        '/api/audit/events?limit=100',
      );
      expect(firstPages.next_cursor).not.toBeNull();
      await page.click('[data-testid=nav-audit]');
      await page.waitForURL(/\/audit$/, { timeout: 15_000 });
      expect(await page.getAttribute('[data-testid=nav-audit]', 'aria-current')).toBe('page');

      // The first page (50), then the next: the API's first 100 events, in order, no repeats.
      await page.waitForSelector('[data-testid=audit-row]', { timeout: 20_000 });
      expect(await page.locator('[data-testid=audit-row]').count()).toBe(50);
      await page.click('[data-testid=audit-load-more]');
      await page.locator('[data-testid=audit-row]').nth(99).waitFor({ timeout: 15_000 });
      expect(await rowIds(page)).toEqual(
        firstPages.items.map((item) => `audit-details-${item.id}`),
      );

      // Details: the event's data and metadata as recorded.
      const first = firstPages.items[0];
      await page.locator('[data-testid=audit-toggle]').first().click();
      const data = await page.locator('[data-testid=audit-data]').textContent();
      expect(JSON.parse(data ?? '')).toEqual(first?.data);
      const metadata = JSON.parse(
        (await page.locator('[data-testid=audit-metadata]').textContent()) ?? '',
      ) as Record<string, unknown>;
      expect(metadata).toMatchObject({ schema_version: expect.any(Number) });
      expect(metadata.correlation_id).toEqual(expect.any(String));

      // Filters: agent and type, then a time window; each kept in the URL.
      await page.selectOption('select[name=agent_id]', agentId ?? '');
      await page.selectOption('select[name=type]', 'TokenIssued');
      await page.fill('input[name=from]', `${yesterday}T00:00`);
      await page.fill('input[name=to]', `${todayDate}T00:00`);
      await page.click('[data-testid=audit-apply]');
      await page.waitForURL(
        (url) =>
          url.searchParams.get('agent_id') === agentId &&
          url.searchParams.get('type') === 'TokenIssued' &&
          url.searchParams.get('from') === `${yesterday}T00:00:00Z` &&
          url.searchParams.get('to') === `${todayDate}T00:00:00Z`,
        { timeout: 10_000 },
      );
      const expected = await getJson<AuditPage>(
        stack.apiUrl,
        apiToken,
        `/api/audit/events?limit=50&agent_id=${agentId}&type=TokenIssued&${range}`,
      );
      expect(expected.items.length).toBeGreaterThan(0);
      await page
        .locator(`[data-testid=audit-row]:not([data-agent-id="${agentId}"])`)
        .first()
        .waitFor({ state: 'detached', timeout: 15_000 });
      await page
        .locator('[data-testid=audit-row]')
        .nth(expected.items.length - 1)
        .waitFor({ timeout: 15_000 });
      const filtered = page.locator('[data-testid=audit-row]');
      expect(await filtered.count()).toBe(expected.items.length);
      const shown = await filtered.evaluateAll((rows) =>
        rows.map((row) => [
          row.getAttribute('data-type'),
          row.getAttribute('data-agent-id'),
          row.querySelector('time')?.getAttribute('datetime') ?? '',
        ]),
      );
      for (const [type, agent, occurredAt] of shown) {
        expect([type, agent]).toEqual(['TokenIssued', agentId]);
        expect(occurredAt >= `${yesterday}T00:00:00`).toBe(true);
        expect(occurredAt < `${todayDate}T00:00:00`).toBe(true);
      }
      // The agent's name links to its page.
      const link = page.locator('[data-testid=audit-agent-link]').first();
      expect(await link.getAttribute('href')).toBe(`/analytics/agents/${agentId}`);
      expect((await link.textContent())?.trim()).toBe(
        demo.agents.find((agent) => agent.agentId === agentId)?.name,
      );

      // A reload keeps the filters (URL) in the form and the list.
      await page.reload();
      await page.waitForSelector('[data-testid=audit-row]', { timeout: 20_000 });
      expect(await page.inputValue('select[name=type]')).toBe('TokenIssued');
      expect(await page.inputValue('select[name=agent_id]')).toBe(agentId);
      expect(await page.inputValue('input[name=from]')).toBe(`${yesterday}T00:00`);
      expect(await page.locator('[data-testid=audit-row]').count()).toBe(expected.items.length);
      await saveScreenshot(page, 'audit-desktop');

      // The CSV of the filtered log: a header and one line per matching event.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 20_000 }),
        page.click('[data-testid=download-csv]'),
      ]);
      expect(download.suggestedFilename()).toBe(`audit-events_${yesterday}_${yesterday}.csv`);
      const csv = await readFile((await download.path()) ?? '', 'utf8');
      const lines = csv.trimEnd().split('\n');
      expect(lines[0]).toBe(
        'id,type,stream,position,occurred_at,actor.type,actor.id,metadata.correlation_id,metadata.causation_id,metadata.schema_version,metadata.recorded_at,data',
      );
      const matchIds = (await ndjson(`agent_id=${agentId}&type=TokenIssued&${range}`)).map(
        (item) => item.id,
      );
      expect(matchIds.slice(0, expected.items.length)).toEqual(
        expected.items.map((item) => item.id),
      );
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(matchIds);

      // Nothing secret anywhere on the page.
      expect(await page.content()).not.toContain(demo.adminClientSecret);
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);

  it('analytics: previous period beside the trend and the usage, a CSV per panel', async () => {
    const comparison = await getJson<{ count: number; previous_count: number }[]>(
      stack.apiUrl,
      apiToken,
      '/api/analytics/tokens/comparison?days=7',
    );
    const previousTotal = comparison.reduce((sum, day) => sum + day.previous_count, 0);
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      await signIn(page, demo);
      await page.goto('/analytics?days=7');
      await page.waitForSelector('[data-testid=token-trend-chart][data-points="7"]', {
        timeout: 20_000,
      });
      await page.waitForSelector('[data-testid=previous-period]', { timeout: 20_000 });
      expect(await page.getAttribute('[data-testid=previous-period]', 'data-previous-total')).toBe(
        String(previousTotal),
      );
      // The previous period is a second, dashed line behind the trend.
      const chart = page.locator('[data-testid=token-trend-chart]');
      // (A previous period without tokens is a flat line: present, not "visible".)
      await page.waitForSelector('[data-testid=token-trend-chart] .recharts-line-curve', {
        state: 'attached',
      });
      expect(await chart.locator('.recharts-line-curve').count()).toBe(2);
      expect(await chart.locator('.recharts-line-curve[stroke-dasharray]').count()).toBe(1);
      // Last month's count beside this month's, per agent.
      await page.waitForSelector('[data-testid=agent-usage-previous]', { timeout: 20_000 });
      expect(await page.locator('[data-testid=agent-usage-previous]').count()).toBe(
        seededAgents.length,
      );
      expect(await page.locator('[data-testid=download-csv]').count()).toBe(4);

      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 20_000 }),
        page.locator('[data-testid=download-csv]').first().click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^analytics-tokens-comparison_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
      );
      const lines = (await readFile((await download.path()) ?? '', 'utf8')).trimEnd().split('\n');
      expect(lines[0]).toBe('date,count,previous_date,previous_count');
      expect(lines).toHaveLength(8);
      expect(lines.slice(1).map((line) => Number(line.split(',')[1]))).toEqual(
        comparison.map((day) => day.count),
      );
      await saveScreenshot(page, 'analytics-comparison-desktop');
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);
});
