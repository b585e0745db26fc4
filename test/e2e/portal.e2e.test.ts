// The analytics page in headless Chromium against the real stack: API, a projection
// worker and the built portal (`next start`) as child processes, a fresh database,
// a demo tenant seeded through the command services and the event store port.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { systemClock } from '../../src/clock.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import { loadConfig } from '../../src/config.js';
import { demoAgents } from '../../src/demo/demoAgents.js';
import type { DemoState } from '../../src/demo/demoState.js';
import { seedDemoTenant } from '../../src/demo/seedDemoTenant.js';
import { projectRoot, type RunningStack } from '../../src/stack/localStack.js';
import { createTestDatabase } from '../support/testDatabase.js';
import { waitFor } from '../support/waitFor.js';
import type { TestDatabase } from '../support/testDatabase.js';
import {
  launchBrowser,
  saveScreenshot,
  VIEWPORTS,
  type BrowserSession,
} from './support/browser.js';
import { signIn, startPortalStack } from './support/portalStack.js';
import {
  adminToken,
  getJson,
  sumCounts,
  waitForDashboard,
  type ActivityBucket,
  type AgentUsage,
  type TokenDay,
} from './support/stackApi.js';

const SEEDED_DAYS = 30;
// A renamed agent, a deactivated one, and different activity patterns.
const seededAgents = demoAgents.filter((agent) =>
  ['support-assistant', 'billing-reconciler', 'code-reviewer', 'legacy-importer'].includes(
    agent.name,
  ),
);
const SESSION_COOKIE = 'portal_session';

let db: TestDatabase;
let stack: RunningStack;
let demo: DemoState;
let apiToken: string;
let seededTokens = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  stack = await startPortalStack(db, 'portal-e2e', {
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
  expect(seededTokens).toBeGreaterThan(0);

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

async function waitForCharts(page: Page, points: number): Promise<void> {
  await page.waitForSelector(`[data-testid=token-trend-chart][data-points="${points}"]`, {
    timeout: 20_000,
  });
  await page.waitForSelector('[data-testid=heatmap-cell]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid=agent-usage-row]', { timeout: 20_000 });
}

/** Everything the portal sent the browser (documents, scripts, RSC payloads, JSON). */
function recordResponses(session: BrowserSession): string[] {
  const bodies: string[] = [];
  session.page.on('response', (response) => {
    void response.text().then(
      (text) => bodies.push(text),
      () => undefined, // redirects and aborted requests have no body
    );
  });
  return bodies;
}

describe('portal against the real stack', () => {
  it('answers every page with its security headers', async () => {
    for (const path of ['/signin', '/analytics']) {
      const response = await fetch(`${stack.portalUrl}${path}`, { redirect: 'manual' });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:\/\//);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('runs only scripts carrying the nonce of their own response', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${stack.portalUrl}/signin`);
      const scriptSrc = /script-src ([^;]*)/.exec(
        response.headers.get('content-security-policy') ?? '',
      )?.[1];
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      const nonce = /'nonce-([A-Za-z0-9+/=]{22,})'/.exec(scriptSrc ?? '')?.[1] ?? '';
      expect(nonce).not.toBe('');
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);

    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const refusals: string[] = [];
    session.page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refusals.push(message.text());
    });
    const { page } = session;
    try {
      // Signing in and drawing the charts needs every script of the portal itself.
      await signIn(page, demo);
      await waitForCharts(page, 30);
      expect(refusals).toEqual([]);
      // What an injected attribute handler would do; the policy refuses it.
      await page.evaluate(
        `document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="document.title = &quot;injected&quot;">')`,
      );
      await waitFor('the policy to refuse the handler', () => refusals.length > 0, 5_000);
      expect(await page.title()).not.toBe('injected');
    } finally {
      await session.close();
    }
  });

  it('Analytics page loads token trend chart', async () => {
    const expectedTrend = await getJson<TokenDay[]>(
      stack.apiUrl,
      apiToken,
      '/api/analytics/tokens?days=30',
    );
    const expectedUsage = await getJson<AgentUsage[]>(
      stack.apiUrl,
      apiToken,
      '/api/analytics/agents',
    );
    const expectedActivity = await getJson<ActivityBucket[]>(
      stack.apiUrl,
      apiToken,
      '/api/analytics/agents/activity',
    );
    expect(sumCounts(expectedTrend)).toBe(seededTokens);

    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const bodies = recordResponses(session);
    const { page } = session;
    try {
      await signIn(page, demo);
      await waitForCharts(page, 30);

      // The line chart: one point per day from GET /api/analytics/tokens, same numbers.
      const chart = page.locator('[data-testid=token-trend-chart]');
      expect(await chart.getAttribute('data-points')).toBe(String(expectedTrend.length));
      // The trend, and the previous period's dashed line behind it.
      expect(await chart.locator('.recharts-line-curve').count()).toBe(2);
      expect(await chart.locator('.recharts-line-dots circle').count()).toBe(expectedTrend.length);
      const tableCounts = await page
        .locator('.sr-only table')
        .first()
        .locator('tbody td')
        .allTextContents();
      expect(tableCounts.map((text) => Number(text.replace(/,/g, '')))).toEqual(
        expectedTrend.map((day) => day.count),
      );

      // The heatmap: every day x hour cell, each with the API's count summed over agents.
      const cells = await page
        .locator('[data-testid=heatmap-cell]')
        .evaluateAll((nodes) =>
          nodes.map((node) => [
            Number(node.getAttribute('data-dow')),
            Number(node.getAttribute('data-hour')),
            Number(node.getAttribute('data-count')),
          ]),
        );
      expect(cells).toHaveLength(7 * 24);
      const expectedCells = new Map<string, number>();
      for (const bucket of expectedActivity) {
        const key = `${bucket.dow}:${bucket.hour}`;
        expectedCells.set(key, (expectedCells.get(key) ?? 0) + bucket.count);
      }
      for (const [dow, hour, count] of cells) {
        expect([dow, hour, count]).toEqual([dow, hour, expectedCells.get(`${dow}:${hour}`) ?? 0]);
      }
      expect(cells.some(([, , count]) => (count ?? 0) > 0)).toBe(true);

      // The table: one row per seeded agent, with its current name.
      const rows = page.locator('[data-testid=agent-usage-row]');
      expect(await rows.count()).toBe(seededAgents.length);
      const names = (await rows.locator('th').allTextContents()).map((name) => name.trim());
      expect([...names].sort()).toEqual(demo.agents.map((agent) => agent.name).sort());
      expect([...names].sort()).toEqual(expectedUsage.map((row) => row.name).sort());
      expect(names).toContain('code-review-agent');

      await saveScreenshot(page, 'analytics-desktop');

      // The session token lives in an httpOnly cookie that page scripts cannot read.
      const cookies = await session.context.cookies();
      const sessionCookie = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
      expect(sessionCookie?.httpOnly).toBe(true);
      expect(sessionCookie?.sameSite).toBe('Lax');
      const jwt = sessionCookie?.value ?? '';
      expect(jwt.split('.')).toHaveLength(3);
      expect(await page.evaluate<string>('document.cookie')).not.toContain(jwt);
      expect(await page.content()).not.toContain(jwt);

      // Range 7: the URL keeps it and the chart shows 7 days.
      await page.click('[data-testid=range-selector] button[data-days="7"]');
      await page.waitForURL(/[?&]days=7\b/, { timeout: 10_000 });
      await page.waitForSelector('[data-testid=token-trend-chart][data-points="7"]', {
        timeout: 15_000,
      });
      expect(await chart.locator('.recharts-line-dots circle').count()).toBe(7);
      expect(
        await page
          .locator('[data-testid=range-selector] button[data-days="7"]')
          .getAttribute('aria-pressed'),
      ).toBe('true');

      // Sign out: back to sign-in, the cookie is gone, the page is closed again.
      await page.click('[data-testid=sign-out]');
      await page.waitForURL(/\/signin/, { timeout: 15_000 });
      expect((await session.context.cookies()).map((cookie) => cookie.name)).not.toContain(
        SESSION_COOKIE,
      );
      await page.goto('/analytics');
      await page.waitForURL(/\/signin/, { timeout: 15_000 });

      // Nothing the browser received held the client secret or the session token.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bodies.length).toBeGreaterThan(5);
      for (const body of bodies) {
        expect(body.includes(demo.adminClientSecret)).toBe(false);
        expect(body.includes(jwt)).toBe(false);
      }
      expect(session.errors).toEqual([]);
    } finally {
      await session.close();
    }

    const phone = await launchBrowser({
      baseURL: stack.portalUrl,
      viewport: VIEWPORTS.phone,
      mobile: true,
    });
    try {
      await signIn(phone.page, demo);
      await waitForCharts(phone.page, 30);
      // The tap on "Sign in" leaves a hover point over the chart; move it off for the picture.
      await phone.page.mouse.move(1, 1);
      await saveScreenshot(phone.page, 'analytics-phone');
    } finally {
      await phone.close();
    }

    // The committed screenshots come from this run against the real stack.
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      const target = path.join(projectRoot, 'docs/screenshots');
      await mkdir(target, { recursive: true });
      for (const name of ['analytics-desktop', 'analytics-phone']) {
        await copyFile(
          path.join(projectRoot, 'test-artifacts', `${name}.png`),
          path.join(target, `${name}.png`),
        );
      }
    }
  }, 120_000);
});
