import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { createPool, type Pool } from './db/pool.js';
import { createEventStore } from './eventstore/createEventStore.js';
import type { EventStore } from './eventstore/EventStore.js';
import { createLogger, type Logger } from './logger.js';
import { createRedis } from './redis.js';
import { systemClock, type Clock } from './clock.js';
import type { TokenSettings } from './auth/accessTokens.js';
import { KeyRing } from './auth/signingKeys.js';
import { RevocationList } from './auth/revocationList.js';

/** The shared I/O handles every process (API, worker, CLI) is built from. */
export interface Runtime {
  config: Config;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  eventStore: EventStore;
  clock: Clock;
  keys: KeyRing;
  tokenSettings: TokenSettings;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  name: string,
  overrides: { clock?: Clock; logger?: Logger } = {},
): Promise<Runtime> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, name });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    applicationName: name,
  });
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const eventStore = await createEventStore(config, pool);
  const clock = overrides.clock ?? systemClock;
  const keys = new KeyRing({
    pool,
    clock,
    rotationDays: config.SIGNING_KEY_ROTATION_DAYS,
    maxTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  // Opens its LISTEN connection on first use, so only API processes hold one.
  const revocations = new RevocationList({
    pool,
    connectionString: config.DATABASE_URL,
    clock,
    maxStalenessMs: config.REVOCATION_MAX_DELAY_MS,
  });
  const tokenSettings: TokenSettings = {
    issuer: config.ISSUER_URL,
    audience: config.TOKEN_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    clock,
    revocations,
  };
  return {
    config,
    logger,
    pool,
    redis,
    eventStore,
    clock,
    keys,
    tokenSettings,
    async close() {
      await revocations.close();
      await eventStore.close();
      redis.disconnect();
      await pool.end();
    },
  };
}
