// The reporting time zone in headless Chromium against the real stack: the admin finds
// and saves a zone in settings, a zone the API refuses shows its message by the field,
// and the analytics panels name the zone of their figures (the trend, heatmap and usage
// follow the tenant's zone; failed requests stay in UTC), refetching when it changes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { systemClock } from '../../src/clock.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import { createTenant, type CreatedTenant } from '../../src/commands/tenants/createTenant.js';
import { loadConfig } from '../../src/config.js';
import type { RunningStack } from '../../src/stack/localStack.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { launchBrowser, saveScreenshot, VIEWPORTS } from './support/browser.js';
import { signIn, startPortalStack } from './support/portalStack.js';
import { adminToken } from './support/stackApi.js';

let db: TestDatabase;
let stack: RunningStack;
let tenant: CreatedTenant;
let agentId: string;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  stack = await startPortalStack(db, 'time-zone-e2e');
  const eventStore = await createEventStore(loadConfig({ DATABASE_URL: db.url }), db.pool);
  try {
    tenant = await createTenant(
      { eventStore, pool: db.pool, clock: systemClock },
      { name: 'Acme', origin: { actor: { type: 'cli', id: 'e2e' }, correlationId: 'setup' } },
    );
  } finally {
    await eventStore.close();
  }
  const token = await adminToken(stack.apiUrl, tenant.adminClientId, tenant.adminClientSecret);
  const registered = await fetch(`${stack.apiUrl}/api/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'billing-bot', scopes: ['billing:read'] }),
  });
  expect(registered.status).toBe(201);
  agentId = ((await registered.json()) as { agent_id: string }).agent_id;
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
}, 30_000);

const KOLKATA = 'Times in Asia/Kolkata (UTC+05:30)';

/** The "Times in …" line of the panel headed `title`. */
async function zoneOf(page: Page, title: string): Promise<string | null> {
  return page
    .locator('section.panel', { has: page.locator('h2', { hasText: title }) })
    .locator('[data-testid=panel-time-zone]')
    .textContent({ timeout: 15_000 });
}

async function waitForZone(page: Page, title: string, text: string): Promise<void> {
  await page
    .locator('section.panel', { has: page.locator('h2', { hasText: title }) })
    .locator('[data-testid=panel-time-zone]', { hasText: text })
    .waitFor({ timeout: 15_000 });
}

async function chooseZone(page: Page, search: string, zone: string): Promise<void> {
  await page.fill('[data-testid=time-zone-search]', search);
  await page.selectOption('[data-testid=time-zone-select]', zone);
  await page.click('[data-testid=time-zone-save]');
}

describe('reporting time zone', () => {
  it('is chosen in settings and named on every analytics panel', async () => {
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      await signIn(page, tenant);
      await page.click('[data-testid=nav-settings]');
      await page.waitForURL(/\/settings$/);
      expect(await page.getAttribute('[data-testid=nav-settings]', 'aria-current')).toBe('page');
      const current = page.locator('[data-testid=time-zone-current]');
      expect(await current.getAttribute('data-zone', { timeout: 15_000 })).toBe('UTC');

      // The picker lists the browser's zones with their offsets, and the current IANA names.
      await page.fill('[data-testid=time-zone-search]', 'kolkata');
      expect(await page.locator('[data-testid=time-zone-select] option').allTextContents()).toEqual(
        ['UTC', 'Asia/Kolkata (UTC+05:30)'],
      );
      await page.fill('[data-testid=time-zone-search]', '+05:45');
      expect(await page.locator('[data-testid=time-zone-select] option').allTextContents()).toEqual(
        ['UTC', 'Asia/Kathmandu (UTC+05:45)', 'Asia/Katmandu (UTC+05:45)'],
      );

      // A zone this browser knows but the API does not: the API's 400 names the field
      // and shows beside it; nothing changes.
      await page.route('**/portal-api/tenant/settings', async (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        return route.continue({ postData: JSON.stringify({ time_zone: 'Mars/Olympus' }) });
      });
      await chooseZone(page, 'kathmandu', 'Asia/Kathmandu');
      const refusal = await page
        .locator('[data-testid=time-zone-error]')
        .textContent({ timeout: 15_000 });
      expect(refusal).toMatch(/^time_zone: \S/);
      expect(await page.getAttribute('[data-testid=time-zone-select]', 'aria-invalid')).toBe(
        'true',
      );
      await page.unroute('**/portal-api/tenant/settings');
      expect(await current.getAttribute('data-zone')).toBe('UTC');
      const stored = await page.evaluate(async () =>
        (await fetch('/portal-api/tenant/settings')).json(),
      );
      expect(stored).toEqual({ time_zone: 'UTC' });

      await chooseZone(page, 'kolkata', 'Asia/Kolkata');
      await page.waitForSelector('[data-testid=time-zone-saved]', { timeout: 15_000 });
      expect(await current.getAttribute('data-zone')).toBe('Asia/Kolkata');
      expect(await current.textContent()).toBe('Asia/Kolkata (UTC+05:30)');
      await saveScreenshot(page, 'time-zone-settings');

      await page.click('[data-testid=nav-analytics]');
      await page.waitForURL(/\/analytics/);
      expect(await zoneOf(page, 'Token issuance')).toBe(KOLKATA);
      expect(await zoneOf(page, 'Agent activity')).toBe(KOLKATA);
      expect(await zoneOf(page, 'Usage this month')).toBe(KOLKATA);
      expect(await zoneOf(page, 'Failed requests')).toBe('Times in UTC');
      expect(await zoneOf(page, 'Needs attention')).toBe('Times in UTC');
      await saveScreenshot(page, 'time-zone-analytics');

      // The agent page: its heatmap follows the zone; its own daily trend (scope usage),
      // scopes, quota, failures and anomalies stay in UTC.
      await page.goto(`/analytics/agents/${agentId}`);
      for (
        let tries = 0;
        (await page.locator('[data-testid=agent-section-trend]').count()) === 0;
      ) {
        if ((tries += 1) > 20) throw new Error('the agent page never showed the agent');
        await page.waitForTimeout(1000);
        await page.reload();
      }
      expect(await zoneOf(page, 'Activity')).toBe(KOLKATA);
      for (const title of ['Token issuance', 'Scopes', 'Quota', 'Failed requests', 'Anomalies']) {
        expect([title, await zoneOf(page, title)]).toEqual([title, 'Times in UTC']);
      }
      await page.goto('/analytics');
      expect(await zoneOf(page, 'Token issuance')).toBe(KOLKATA);

      // Switching back in another tab: this one refetches at once and says UTC everywhere.
      const settingsTab = await session.context.newPage();
      await settingsTab.goto('/settings');
      await settingsTab.waitForSelector(
        '[data-testid=time-zone-current][data-zone="Asia/Kolkata"]',
        {
          timeout: 15_000,
        },
      );
      await chooseZone(settingsTab, 'utc', 'UTC');
      await settingsTab.waitForSelector('[data-testid=time-zone-current][data-zone=UTC]', {
        timeout: 15_000,
      });
      await waitForZone(page, 'Token issuance', 'Times in UTC');
      expect(await zoneOf(page, 'Agent activity')).toBe('Times in UTC');
      expect(await zoneOf(page, 'Usage this month')).toBe('Times in UTC');

      // The refused change is the only failed request the pages made.
      expect(session.errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    } finally {
      await session.close();
    }
  }, 150_000);
});
