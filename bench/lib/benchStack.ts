import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp } from '../../src/app/app.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import type Router from '@koa/router';

// The service's own pieces wired for a benchmark: a runtime on the benchmark's
// database, Redis keys under a prefix of the run's own (other test runs share
// the server), and the real HTTP server on a free port.

export interface BenchStackOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Part of the process name and of the Redis prefix. */
  name: string;
  poolSize?: number;
  /** Further configuration, over the benchmark's own. */
  config?: Record<string, string>;
}

export interface BenchRuntime {
  runtime: Runtime;
  config: Config;
  /** Prefix of every Redis key this runtime writes (queues, rate limits). */
  redisPrefix: string;
  /** Closes the runtime and deletes its Redis keys. */
  close(): Promise<void>;
}

export function benchLogger(): Logger {
  return createLogger({ level: 'error', destination: process.stderr });
}

export async function createBenchRuntime(options: BenchStackOptions): Promise<BenchRuntime> {
  const redisPrefix = `bench-${options.name}-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: String(options.poolSize ?? 20),
    REDIS_URL: options.redisUrl,
    PROJECTION_QUEUE_PREFIX: redisPrefix,
    PROJECTION_WAKE_INTERVAL_MS: '1000',
    // The token benchmark measures throughput, not the limiter refusing it.
    TOKEN_RATE_LIMIT_PER_MINUTE: '1000000000',
    ISSUER_URL: 'http://bench.invalid',
    ...options.config,
  });
  const runtime = await createRuntime(config, `bench-${options.name}`, { logger: benchLogger() });
  return {
    runtime,
    config,
    redisPrefix,
    async close() {
      await runtime.close();
      await deleteRedisKeys(options.redisUrl, redisPrefix);
    },
  };
}

/** Deletes every key under the prefix (BullMQ queues, rate-limit counters). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startBenchServer(
  routers: readonly Router[],
  logger: Logger,
): Promise<RunningServer> {
  const app = createApp({ logger, routers });
  return startHttpServer(app, { host: '127.0.0.1', port: 0, logger });
}
