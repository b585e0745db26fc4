// The reporting time zone in headless Chromium against the real stack: the admin finds
// and saves a zone in settings, a zone the API refuses shows its message by the field,
// and the analytics panels name the zone of their figures (the trend, heatmap and usage
// follow the tenant's zone; failed requests stay in UTC), refetching when it changes. Each
// panel names the zone its answer says it is in (Reporting-Time-Zone), so the heatmap's cells
// and the trend's days are the zone's, and an answer from before a change is loaded again.
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
import { adminToken, sumCounts, waitForDashboard } from './support/stackApi.js';

let db: TestDatabase;
let stack: RunningStack;
let tenant: CreatedTenant;
let agentId: string;
/** When the agent's events (registration, one token) happened: between these instants. */
let activityFrom: Date;
let activityTo: Date;

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
  activityFrom = new Date();
  const registered = await fetch(`${stack.apiUrl}/api/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'billing-bot', scopes: ['billing:read'] }),
  });
  expect(registered.status).toBe(201);
  const agent = (await registered.json()) as {
    agent_id: string;
    client_id: string;
    client_secret: string;
  };
  agentId = agent.agent_id;
  // The agent's own client_credentials token: one token on the trend and the heatmap.
  await adminToken(stack.apiUrl, agent.client_id, agent.client_secret);
  activityTo = new Date();
  await waitForDashboard(
    stack.apiUrl,
    token,
    (dashboard) => sumCounts(dashboard.tokens) >= 1 && dashboard.activity.length > 0,
    { timeoutMs: 30_000 },
  );
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

/** "2026-12-02": the calendar date at `at` in `zone`. */
function dateIn(zone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);
}

/** "Wed, Dec 2, 2026", as the trend's table writes a date. */
function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** "3 14": day of week (Sunday 0) and hour at `at` in `zone`. */
function dowHourIn(zone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  const dow = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday'));
  return `${dow} ${Number(part('hour'))}`;
}

/** Where the agent's events belong on a heatmap in `zone` (two cells if an hour ended meanwhile). */
function activityCellsIn(zone: string): string[] {
  return [...new Set([dowHourIn(zone, activityFrom), dowHourIn(zone, activityTo)])];
}

/** The heatmap's cells with events on the panel headed `title`, as "dow hour". */
async function busyCells(page: Page, title: string): Promise<string[]> {
  const panel = page.locator('section.panel', { has: page.locator('h2', { hasText: title }) });
  await panel.locator('[data-testid=heatmap-cell]').first().waitFor({ timeout: 15_000 });
  return panel
    .locator('[data-testid=heatmap-cell]:not([data-count="0"])')
    .evaluateAll((cells) =>
      cells.map((cell) => `${cell.getAttribute('data-dow')} ${cell.getAttribute('data-hour')}`),
    );
}

/** The last date of the trend's table (its text alternative) and its date column's heading. */
async function trendEnd(page: Page): Promise<{ heading: string | null; last: string | null }> {
  const table = page
    .locator('section.panel', { has: page.locator('h2', { hasText: 'Token issuance' }) })
    .locator('table');
  return {
    heading: await table.locator('thead th').first().textContent({ timeout: 15_000 }),
    last: await table.locator('tbody tr').last().locator('th').textContent(),
  };
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

      // A body a page on another site could send without a preflight (text/plain) is
      // refused before anything reaches the API, on every write route with a body.
      const plainWrites = await page.evaluate(async () => {
        const send = async (method: string, url: string, body: unknown) => {
          const response = await fetch(url, {
            method,
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify(body),
          });
          return response.status;
        };
        return [
          await send('PUT', '/portal-api/tenant/settings', { time_zone: 'Europe/Berlin' }),
          await send('POST', '/portal-api/webhooks', {
            url: 'https://hooks.example.com/in',
            events: ['anomaly.detected'],
          }),
        ];
      });
      expect(plainWrites).toEqual([415, 415]);
      const unchanged = await page.evaluate(async () => ({
        settings: (await (await fetch('/portal-api/tenant/settings')).json()) as unknown,
        webhooks: (await (await fetch('/portal-api/webhooks')).json()) as unknown,
      }));
      expect(unchanged).toEqual({ settings: { time_zone: 'UTC' }, webhooks: { items: [] } });
      // The portal's own refusals name the field as the API's do.
      const refusedQueries = await page.evaluate(async () => {
        const fieldsOf = async (url: string) => {
          const response = await fetch(url);
          const problem = (await response.json()) as { errors?: { field: string }[] };
          return [response.status, problem.errors?.map((error) => error.field)];
        };
        return [
          await fieldsOf('/portal-api/analytics/tokens?days=abc'),
          await fieldsOf('/portal-api/analytics/agents/activity?agent_id=nope'),
          await fieldsOf('/portal-api/analytics/tokens?format=xml'),
        ];
      });
      expect(refusedQueries).toEqual([
        [400, ['days']],
        [400, ['agent_id']],
        [400, ['format']],
      ]);

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

      // The figures are Kolkata's: the heatmap's busy cells are the events' day and hour
      // there, and the trend ends on today's date there.
      const kolkataCells = activityCellsIn('Asia/Kolkata');
      for (const cell of await busyCells(page, 'Agent activity')) {
        expect(kolkataCells).toContain(cell);
      }
      expect(activityCellsIn('UTC').some((cell) => kolkataCells.includes(cell))).toBe(false);
      const todayBefore = dateIn('Asia/Kolkata', new Date());
      const trend = await trendEnd(page);
      const todayAfter = dateIn('Asia/Kolkata', new Date());
      expect(trend.heading).toBe('Date (Asia/Kolkata)');
      expect([longDate(todayBefore), longDate(todayAfter)]).toContain(trend.last);
      await saveScreenshot(page, 'time-zone-analytics');

      // The portal's routes pass on the zone the API answered in, with JSON and downloads.
      const passedOn = await page.evaluate(async () => {
        const zoneOfAnswer = async (url: string) =>
          (await fetch(url)).headers.get('reporting-time-zone');
        return {
          activity: await zoneOfAnswer('/portal-api/analytics/agents/activity'),
          download: await zoneOfAnswer('/portal-api/analytics/agents/activity?format=csv'),
          failures: await zoneOfAnswer('/portal-api/analytics/failures?days=30'),
        };
      });
      expect(passedOn).toEqual({
        activity: 'Asia/Kolkata',
        download: 'Asia/Kolkata',
        failures: 'UTC',
      });

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
      expect(await zoneOf(page, 'Agent activity')).toBe(KOLKATA);

      // Switching back in another tab: this one refetches at once. Its first heatmap answer
      // is made to come from a projection that has not seen the change yet (the Kolkata
      // answer): the panel names that answer's zone, not the setting's, and loads once more
      // about a second later, well before the 30-second refresh.
      const staleAnswer = await page.evaluate(async () =>
        (await fetch('/portal-api/analytics/agents/activity')).text(),
      );
      let heatmapLoads = 0;
      let releaseCatchUp = () => {};
      const caughtUp = new Promise<void>((resolve) => {
        releaseCatchUp = resolve;
      });
      let catchUpArrived = () => {};
      const catchUpRequested = new Promise<void>((resolve) => {
        catchUpArrived = resolve;
      });
      await page.route('**/portal-api/analytics/agents/activity', async (route) => {
        heatmapLoads += 1;
        if (heatmapLoads === 1) {
          return route.fulfill({
            status: 200,
            contentType: 'application/json',
            headers: { 'reporting-time-zone': 'Asia/Kolkata', 'cache-control': 'no-store' },
            body: staleAnswer,
          });
        }
        catchUpArrived();
        await caughtUp;
        return route.continue();
      });
      const settingsTab = await session.context.newPage();
      await settingsTab.goto('/settings');
      await settingsTab.waitForSelector(
        '[data-testid=time-zone-current][data-zone="Asia/Kolkata"]',
        {
          timeout: 15_000,
        },
      );
      const switchedAt = Date.now();
      await chooseZone(settingsTab, 'utc', 'UTC');
      await settingsTab.waitForSelector('[data-testid=time-zone-current][data-zone=UTC]', {
        timeout: 15_000,
      });
      await waitForZone(page, 'Token issuance', 'Times in UTC');
      expect(await zoneOf(page, 'Usage this month')).toBe('Times in UTC');
      const inTime = await Promise.race([
        catchUpRequested.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
      ]);
      expect(inTime).toBe(true);
      // The 30-second refresh would come later than this.
      expect(Date.now() - switchedAt).toBeLessThan(10_000);
      expect(heatmapLoads).toBe(2);
      // Until the second answer arrives, the heatmap shows Kolkata's figures and says so.
      expect(await zoneOf(page, 'Agent activity')).toBe(KOLKATA);
      for (const cell of await busyCells(page, 'Agent activity')) {
        expect(kolkataCells).toContain(cell);
      }
      releaseCatchUp();
      await waitForZone(page, 'Agent activity', 'Times in UTC');
      const utcCells = activityCellsIn('UTC');
      for (const cell of await busyCells(page, 'Agent activity')) {
        expect(utcCells).toContain(cell);
      }
      await page.unroute('**/portal-api/analytics/agents/activity');

      // The refused change and the refused text/plain writes are the only failed requests.
      expect(
        session.errors.filter(
          (error) => !error.includes('status of 400') && !error.includes('status of 415'),
        ),
      ).toEqual([]);
    } finally {
      await session.close();
    }
  }, 150_000);
});
