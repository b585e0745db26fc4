import { Writable } from 'node:stream';
import { newTenantWithAdminToken, type TenantWithAdminToken } from '../../support/newTenant.js';
import type Koa from 'koa';
import { RevocationList } from '../../../src/auth/revocationList.js';
import { KeyRing } from '../../../src/auth/signingKeys.js';
import { fixedClock } from '../../../src/clock.js';
import { commandRouters } from '../../../src/commands/http/commandRouters.js';
import { loadConfig } from '../../../src/config.js';
import { createPool } from '../../../src/db/pool.js';
import type { EventStore } from '../../../src/eventstore/EventStore.js';
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js';
import { createApp } from '../../../src/app/app.js';
import { apiRouters } from '../../../src/app/routes.js';
import { createLogger } from '../../../src/logger.js';
import { createRedis } from '../../../src/redis.js';
import { drainRejections, type Runtime } from '../../../src/app/runtime.js';
import { appendsAfterRejections } from '../../../src/commands/tokens/appendsAfterRejections.js';
import { createRejectionRecorder } from '../../../src/commands/tokens/rejectionRecorder.js';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '../../support/testDatabase.js';
import { domainEventCodec } from '../../../src/events/registry.js';

export interface StoredEvent {
  streamName: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export const startedAt = '2026-11-25T12:00:00.000Z';

export interface CommandApp {
  app: Koa;
  runtime: Runtime;
  clock: ReturnType<typeof fixedClock>;
  /** Every log line the app wrote, as raw JSON text. */
  logLines: string[];
  /** A tenant created through the service, with an admin token from /oauth2/token. */
  newTenant(name?: string): Promise<TenantWithAdminToken>;
  /** Every stored event in append order (once queued refusals are appended), read straight from the events table. */
  allEvents(): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/** The command routers on a fresh database, the shared Redis and a fixed clock. */
export async function startCommandApp(
  env: Record<string, string> = {},
  options: {
    redisUrl?: string;
    /**
     * Points the event store (only) at another server, e.g. an unreachable one;
     * a function gets the test database's URL.
     */
    eventStoreUrl?: string | ((databaseUrl: string) => string);
    /** Serve every API route (queries, health, OpenAPI too), not only the commands. */
    allRoutes?: boolean;
    trustProxy?: boolean;
    /** Puts a wrapper (fault injection) around the event store the app uses. */
    wrapEventStore?: (store: EventStore) => EventStore;
  } = {},
): Promise<CommandApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: options.redisUrl ?? testRedisUrl(),
    ISSUER_URL: 'http://issuer.test',
    TOKEN_AUDIENCE: 'agent-analytics-test',
    ...env,
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'trace', destination });
  const clock = fixedClock(startedAt);
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', () => {});
  const storeUrl =
    typeof options.eventStoreUrl === 'function'
      ? options.eventStoreUrl(db.url)
      : options.eventStoreUrl;
  const storePool = storeUrl ? createPool({ connectionString: storeUrl, max: 2 }) : db.pool;
  const postgresStore = new PostgresEventStore({
    codec: domainEventCodec,
    pool: storePool,
    connectionString: storeUrl ?? db.url,
  });
  const store = options.wrapEventStore?.(postgresStore) ?? postgresStore;
  const tokenRejections = createRejectionRecorder({
    eventStore: store,
    logger,
    retryMs: 50,
    maxRetryMs: 500,
  });
  const eventStore = appendsAfterRejections(store, tokenRejections);
  const revocations = new RevocationList({
    pool: db.pool,
    connectionString: db.url,
    clock,
    maxStalenessMs: config.REVOCATION_MAX_DELAY_MS,
  });
  const runtime: Runtime = {
    config,
    logger,
    pool: db.pool,
    redis,
    eventStore,
    clock,
    keys: new KeyRing({
      pool: db.pool,
      clock,
      rotationDays: config.SIGNING_KEY_ROTATION_DAYS,
      maxTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshMs: config.SIGNING_KEY_REFRESH_MS,
    }),
    tokenSettings: {
      issuer: config.ISSUER_URL,
      audience: config.TOKEN_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      clock,
      revocations,
    },
    tokenRejections,
    close: async () => {
      await drainRejections(tokenRejections, logger);
      await revocations.close();
      await eventStore.close();
      redis.disconnect();
      if (storePool !== db.pool) await storePool.end();
      await db.drop();
    },
  };
  const routerOptions = { rateLimitKeyPrefix: uniqueRedisPrefix('tokens') };
  const app = createApp({
    logger,
    routers: options.allRoutes
      ? apiRouters(runtime, routerOptions)
      : commandRouters(runtime, routerOptions),
    trustProxy: options.trustProxy ?? false,
  });
  return {
    app,
    runtime,
    clock,
    logLines,
    newTenant: (name = 'Acme') => newTenantWithAdminToken(runtime, app, name),
    async allEvents() {
      // Refused token requests are appended after their answer.
      await tokenRejections.drain(10_000);
      const { rows } = await db.pool.query<{
        stream_name: string;
        event_type: string;
        data: Record<string, unknown>;
        metadata: Record<string, unknown>;
      }>('SELECT stream_name, event_type, data, metadata FROM events ORDER BY position');
      return rows.map((row) => ({
        streamName: row.stream_name,
        type: row.event_type,
        data: row.data,
        metadata: row.metadata,
      }));
    },
    close: () => runtime.close(),
  };
}
