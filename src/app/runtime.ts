import type { Config } from '../config.js';
import { createPool } from '../db/pool.js';
import { createEventStore } from './createEventStore.js';
import type { EventStore } from '../eventstore/EventStore.js';
import { createLogger, type Logger } from '../logger.js';
import { createRedis } from '../redis.js';
import { systemClock, type Clock } from '../clock.js';
import type { TokenSettings } from '../auth/accessTokens.js';
import { KeyRing } from '../auth/signingKeys.js';
import { watchSigningKeys } from '../auth/watchSigningKeys.js';
import { appendsAfterRejections } from '../commands/tokens/appendsAfterRejections.js';
import {
  createRejectionRecorder,
  type RejectionRecorder,
} from '../commands/tokens/rejectionRecorder.js';
import { RevocationList } from '../auth/revocationList.js';
import type { CommandRoutersRuntime } from '../commands/http/commandRouters.js';

/** The shared I/O handles every process (API, worker, CLI) is built from. */
export interface Runtime extends CommandRoutersRuntime {
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  name: string,
  overrides: {
    clock?: Clock;
    logger?: Logger;
    /** Re-read the signing keys as soon as they change (processes that sign or verify tokens). */
    watchSigningKeys?: boolean;
  } = {},
): Promise<Runtime> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, name });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    applicationName: name,
  });
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  let store: EventStore;
  try {
    store = await createEventStore(config, pool);
  } catch (error) {
    redis.disconnect();
    await pool.end();
    throw error;
  }
  const tokenRejections = createRejectionRecorder({ eventStore: store, logger });
  const eventStore = appendsAfterRejections(store, tokenRejections);
  const clock = overrides.clock ?? systemClock;
  const keys = new KeyRing({
    pool,
    clock,
    rotationDays: config.SIGNING_KEY_ROTATION_DAYS,
    maxTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshMs: config.SIGNING_KEY_REFRESH_MS,
  });
  const keyWatch = overrides.watchSigningKeys
    ? watchSigningKeys(keys, config.DATABASE_URL)
    : undefined;
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
    tokenRejections,
    async close() {
      await keyWatch?.close();
      await drainRejections(tokenRejections, logger);
      await revocations.close();
      await eventStore.close();
      redis.disconnect();
      await pool.end();
    },
  };
}

/** Appends queued refusals before the store closes; says what could not be appended. */
export async function drainRejections(
  rejections: RejectionRecorder,
  logger: Logger,
): Promise<void> {
  if (await rejections.drain(10_000)) return;
  logger.error(
    { pending: rejections.pending() },
    'refused token requests left unrecorded at shutdown',
  );
}
