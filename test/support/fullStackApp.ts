import { Writable } from 'node:stream';
import { newTenantWithAdminToken, type TenantWithAdminToken } from './newTenant.js';
import type Koa from 'koa';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app/app.js';
import { apiRouters } from '../../src/app/routes.js';
import { createLogger } from '../../src/logger.js';
import { startProjectionProcess } from '../../src/app/startProjectionProcess.js';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { allCaughtUp, waitFor } from './waitFor.js';
import {
  createTestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type TestDatabase,
} from './testDatabase.js';

export interface FullStackApp {
  app: Koa;
  runtime: Runtime;
  db: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  logLines: string[];
  /** Starts the in-process projection workers (feeder + worker). */
  startProjections(): Promise<void>;
  stopProjections(): Promise<void>;
  newTenant(name?: string): Promise<TenantWithAdminToken>;
  /** Resolves once every projection's checkpoint has reached the newest event. */
  projectionsCaughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// The whole API (every router of src/app/routes.ts) and the projection
// workers, in process, on a fresh database, the shared Redis and a fixed clock.
export async function startFullStackApp(
  startAt = '2026-11-25T12:00:00.000Z',
): Promise<FullStackApp> {
  const db = await createTestDatabase({ poolSize: 20 });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    PROJECTION_QUEUE_PREFIX: uniqueRedisPrefix('spec'),
    PROJECTION_WAKE_INTERVAL_MS: '300',
    PROJECTION_LOCK_TIMEOUT_MS: '1000',
    ISSUER_URL: 'http://issuer.test',
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const clock = fixedClock(startAt);
  const runtime = await createRuntime(config, 'spec', { clock, logger });
  const app = createApp({ logger, routers: apiRouters(runtime) });
  let projections: { close(): Promise<void> } | undefined;

  const stopProjections = async (): Promise<void> => {
    await projections?.close();
    projections = undefined;
  };
  return {
    app,
    runtime,
    db,
    clock,
    logLines,
    async startProjections() {
      projections ??= await startProjectionProcess({
        config,
        logger,
        pool: runtime.pool,
        eventStore: runtime.eventStore,
      });
    },
    stopProjections,
    newTenant: (name = 'Acme') => newTenantWithAdminToken(runtime, app, name),
    projectionsCaughtUp: (timeoutMs = 20_000) =>
      waitFor(
        'projections to catch up',
        () => allCaughtUp(runtime.pool, runtime.eventStore),
        timeoutMs,
      ),
    async close() {
      await stopProjections();
      await runtime.close();
      await db.drop();
    },
  };
}
