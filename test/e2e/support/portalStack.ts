// What the portal's browser tests share: the real stack (API, one worker,
// `next start` of the built portal) on free ports, and signing in.
import type { Page } from 'playwright-core';
import { startStack, type RunningStack } from '../../../src/stack/localStack.js';
import { testRedisUrl, uniqueRedisPrefix, type TestDatabase } from '../../support/testDatabase.js';
import { freePort } from './stackApi.js';

/** The stack on the test database, its own queue prefix; its output is kept for a failure's message. */
export async function startPortalStack(
  db: TestDatabase,
  name: string,
  env: Record<string, string> = {},
): Promise<RunningStack> {
  const stackLog: string[] = [];
  const [apiPort, portalPort] = [await freePort(), await freePort()];
  return startStack({
    databaseUrl: db.url,
    redisUrl: testRedisUrl(),
    apiPort,
    portalPort,
    workers: 1,
    env: {
      PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix(name),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    },
    output: (service, line) => stackLog.push(`${service}| ${line}`),
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${stackLog.slice(-40).join('\n')}`);
  });
}

/** Opens `path`, is sent to the sign-in page, signs in with the admin client and lands on /analytics. */
export async function signIn(
  page: Page,
  admin: { adminClientId: string; adminClientSecret: string },
  path = '/analytics',
): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/signin/, { timeout: 15_000 });
  await page.fill('#client_id', admin.adminClientId);
  await page.fill('#client_secret', admin.adminClientSecret);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/analytics/, { timeout: 20_000 });
}
