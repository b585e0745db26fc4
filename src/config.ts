import { z } from 'zod';

// Every setting the service reads, parsed once at start. Defaults match the
// project-local services started by `npm run services:up`.
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** When set, /metrics is served only by a listener of its own on HTTP_HOST and this port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .default('postgres://postgres@127.0.0.1:54329/analytics'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// connection string')
    .default('redis://127.0.0.1:63799'),
  EVENTSTORE_URL: z
    .string()
    .regex(/^esdb(\+discover)?:\/\//, 'must be an esdb:// connection string')
    .optional(),
  /**
   * Most concurrent appends the Postgres event store commits together in one
   * transaction and round trip (group commit); 1 commits every append alone.
   */
  EVENTSTORE_APPEND_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(64),
  /** Append round trips in flight at once per process; appends arriving while all are busy are grouped. */
  EVENTSTORE_APPEND_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
  ISSUER_URL: z.url().default('http://localhost:4000'),
  TOKEN_AUDIENCE: z.string().min(1).default('agent-analytics'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  SIGNING_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Longest a process signs from its copy of the keys without re-reading them (change notifications act at once). */
  SIGNING_KEY_REFRESH_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Wrong secrets per client and source (IP, IPv6 /64) and minute; past it that source is refused for the client. */
  FAILED_AUTH_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Wrong secrets per client and minute from all sources; past it wrong guesses are answered slowly. */
  FAILED_AUTH_BUDGET_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  /** How long an answer to a wrong secret is held once the client-wide budget is spent. */
  FAILED_AUTH_SLOWDOWN_MS: z.coerce.number().int().min(0).max(10000).default(1000),
  /** The longest a revoked token can still pass an API process that did not revoke it. */
  REVOCATION_MAX_DELAY_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  REQUEST_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/)
    .default('64kb'),
  TRUST_PROXY: booleanFlag.default(false),
  /**
   * Shared by the API and the portal: a token request carrying it (X-Portal-Secret) is
   * locked out per the browser it names (X-Portal-Source), not per the portal's address.
   */
  PORTAL_SOURCE_SECRET: z.string().min(32).optional(),
  PROJECTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100000).default(2000),
  /** Events per batch while a rebuild fills its new tables (fewer, larger writes). */
  PROJECTION_REBUILD_BATCH_SIZE: z.coerce.number().int().min(1).max(100000).default(5000),
  /**
   * Rebuilds decode and fold in a worker thread, leaving the main one to read
   * and write: faster with a free core, a little more CPU in all.
   */
  PROJECTION_REBUILD_FOLD_THREAD: booleanFlag.default(true),
  PROJECTION_QUEUE_PREFIX: z.string().min(1).default('analytics'),
  /** How often the feeder compares checkpoints with the log head, besides live wake-ups. */
  PROJECTION_WAKE_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** Least time between two live wake-ups of the workers: events arriving meanwhile share a batch. */
  PROJECTION_MIN_WAKE_GAP_MS: z.coerce.number().int().min(0).max(1000).default(300),
  /**
   * Live projections caught up together share one wake-up job, one log read and one
   * transaction; off, each projection has its own (the path behind ones always take).
   */
  PROJECTION_LIVE_TOGETHER: booleanFlag.default(true),
  /** BullMQ job lock: a killed worker's job is taken over after about this long. */
  PROJECTION_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(5000),
  /** A projection write waiting longer than this for a lock fails and is retried. */
  PROJECTION_LOCK_TIMEOUT_MS: z.coerce.number().int().min(10).default(10000),
  /** Memory each API process gives to cached heatmap and usage answers; 0 turns the cache off. */
  QUERY_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  /** Webhooks may go to private, loopback and link-local addresses: for local development only. */
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
  /** Longest a webhook receiver may take to answer one attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /** Attempts per delivery, the first included; with the default base about a day of retries. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(13),
  /** Wait before the first retry; each next one waits twice as long (20 s x 2^0..2^11 = about 23 h). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(20000),
  /** How often new alerts are fanned out to subscriptions and handed to the delivery queue. */
  WEBHOOK_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(60000).default(1000),
  /**
   * How often the worker brings rows kept beside the log (credentials, webhook
   * subscriptions) up to their streams where a command stopped after its
   * append (follow-up records older than 10 s).
   */
  FOLLOW_UP_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(600000).default(5000),
  /** Delivery job lock: a killed worker's delivery is taken over after about this long. */
  WEBHOOK_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30000),
  /** Active webhook subscriptions one tenant may hold. */
  WEBHOOK_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(1000).default(20),
  /** Test messages (POST /api/webhooks/:id/test) one tenant may send per minute. */
  WEBHOOK_TEST_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /**
   * Reporting time zone changes (PUT /api/tenant/settings) one tenant may make
   * per hour: each makes the workers derive the tenant's heatmap afresh.
   */
  TIME_ZONE_CHANGES_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Deliveries one worker process sends at once. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  API_URL: z.url().default('http://127.0.0.1:4000'),
  /** `npm start`: where the demo tenant's ids and secrets are kept between runs. */
  DEMO_STATE_FILE: z.string().min(1).default('.data/demo-tenant.json'),
  /** `npm start`: days of token history written when the demo tenant is created. */
  DEMO_DAYS: z.coerce.number().int().min(1).max(90).default(90),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(defined);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}
