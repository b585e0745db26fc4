import { Writable } from 'node:stream';
import type Koa from 'koa';
import request from 'supertest';
import { fixedClock } from '../../src/clock.js';
import { createTenant, type CreatedTenant } from '../../src/commands/tenants/createTenant.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { apiRouters } from '../../src/http/routes.js';
import { createLogger } from '../../src/logger.js';
import { startProjectionProcess } from '../../src/projections/startProjectionProcess.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
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
  newTenant(name?: string): Promise<CreatedTenant & { adminToken: string }>;
  /** Resolves once every projection's checkpoint has reached the newest event. */
  projectionsCaughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// The whole API (every router of src/http/routes.ts) and the projection
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
    async newTenant(name = 'Acme') {
      const created = await createTenant(runtime, {
        name,
        origin: { actor: { type: 'cli', id: 'test' }, correlationId: 'setup' },
      });
      const response = await request(app.callback())
        .post('/oauth2/token')
        .auth(created.adminClientId, created.adminClientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials' });
      if (response.status !== 200) throw new Error(`admin token: ${JSON.stringify(response.body)}`);
      return { ...created, adminToken: response.body.access_token as string };
    },
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
