// The webhook settings page in headless Chromium against the real stack (API,
// a worker delivering webhooks, `next start` of the portal) and a real local
// receiver: add an endpoint, see its secret once, send a test, read the
// delivery log, delete it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemClock } from '../../src/clock.js';
import { createEventStore } from '../../src/app/createEventStore.js';
import { createTenant, type CreatedTenant } from '../../src/commands/tenants/createTenant.js';
import { loadConfig } from '../../src/config.js';
import type { RunningStack } from '../../src/stack/localStack.js';
import { createTestDatabase } from '../support/testDatabase.js';
import type { TestDatabase } from '../support/testDatabase.js';
import { startReceiver, type Receiver } from '../webhooks/support/receiver.js';
import { signIn, startPortalStack } from './support/portalStack.js';
import { launchBrowser, saveScreenshot, VIEWPORTS } from './support/browser.js';

let db: TestDatabase;
let stack: RunningStack;
let tenant: CreatedTenant;
let receiver: Receiver;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  receiver = await startReceiver();
  stack = await startPortalStack(db, 'webhooks-e2e', {
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_DISPATCH_INTERVAL_MS: '200',
  });
  const eventStore = await createEventStore(loadConfig({ DATABASE_URL: db.url }), db.pool);
  try {
    tenant = await createTenant(
      { eventStore, pool: db.pool, clock: systemClock },
      { name: 'Acme', origin: { actor: { type: 'cli', id: 'e2e' }, correlationId: 'setup' } },
    );
  } finally {
    await eventStore.close();
  }
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.kill().catch(() => {});
  await db?.drop();
}, 30_000);

describe('webhook settings page', () => {
  it('adds an endpoint, shows its secret once, sends a test, logs it and deletes it', async () => {
    const session = await launchBrowser({ baseURL: stack.portalUrl, viewport: VIEWPORTS.desktop });
    const { page } = session;
    try {
      await signIn(page, tenant);
      await page.goto('/settings/webhooks');
      await page.waitForSelector('[data-testid=webhook-list]', { timeout: 20_000 });

      // A URL the API refuses: the form shows the problem naming the field.
      await page.fill('[data-testid=webhook-url]', 'ftp://example.com/hooks');
      await page.click('[data-testid=webhook-create]');
      const refusal = await page
        .locator('[data-testid=webhook-form-error]')
        .textContent({ timeout: 15_000 });
      expect(refusal).toMatch(/^url: /);

      await page.fill('[data-testid=webhook-url]', receiver.url);
      await page.click('[data-testid=webhook-create]');
      const secret = await page
        .locator('[data-testid=webhook-secret]')
        .textContent({ timeout: 15_000 });
      expect(secret).toMatch(/^whsec_/);
      receiver.setSecret(secret as string);
      await page.waitForSelector('[data-testid=webhook-row]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=webhook-row]').count()).toBe(1);

      // Reloading the page never shows the secret again.
      await page.reload();
      await page.waitForSelector('[data-testid=webhook-row]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=webhook-secret]').count()).toBe(0);
      expect(await page.content()).not.toContain(secret as string);

      await page.click('[data-testid=webhook-send-test]');
      await page.waitForSelector('[data-testid=delivery-row][data-status=delivered]', {
        timeout: 20_000,
      });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]?.verified).toBe(true);
      expect(receiver.received[0]?.body.type).toBe('webhook.test');
      const row = page.locator('[data-testid=delivery-row]').first();
      expect(await row.textContent()).toContain(receiver.received[0]?.id as string);
      await saveScreenshot(page, 'webhooks-desktop');

      await page.click('[data-testid=webhook-delete]');
      await page.waitForSelector('[data-testid=webhook-row]', {
        state: 'detached',
        timeout: 10_000,
      });
      // The refused URL's 400 is the only failed request the page made.
      expect(session.errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);
});
