import type { Redis } from 'ioredis';
import type Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { wellKnownRouter } from '../../auth/wellKnownRouter.js';
import type { TokenSettings } from '../../auth/accessTokens.js';
import type { KeyRing } from '../../auth/signingKeys.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Pool } from '../../db/pool.js';
import type { EventStore } from '../../eventstore/EventStore.js';
import type { Logger } from '../../logger.js';
import type { RejectionRecorder } from '../tokens/rejectionRecorder.js';
import { requestSource } from '../tokens/requestSource.js';
import { createTokenRateLimiter } from '../tokens/tokenRateLimiter.js';
import { createQuotaCounter } from '../quotas/quotaCounter.js';
import { agentsRouter } from './agentsRouter.js';
import { tenantSettingsRouter } from './tenantSettingsRouter.js';
import { tokenManagementRouter } from './tokenManagementRouter.js';
import { tokenRouter } from './tokenRouter.js';
import { createTenantActionLimiter } from '../tenantActionLimiter.js';
import { webhooksRouter } from './webhooksRouter.js';

export interface CommandRoutersOptions {
  /** Redis key prefix of the token rate limits and quota counters. */
  rateLimitKeyPrefix?: string;
}

/** What the command routers need from the runtime. */
export interface CommandRoutersRuntime {
  config: Config;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  eventStore: EventStore;
  clock: Clock;
  keys: KeyRing;
  tokenSettings: TokenSettings;
  /** Refused token requests waiting to be appended (after their answer). */
  tokenRejections: RejectionRecorder;
}

// The command side of the API: agent, tenant settings and webhook commands, the token endpoint,
// revocation, introspection and discovery.
export function commandRouters(
  runtime: CommandRoutersRuntime,
  options: CommandRoutersOptions = {},
): Router[] {
  const { config } = runtime;
  const deps = { eventStore: runtime.eventStore, pool: runtime.pool, clock: runtime.clock };
  const rateLimiter = createTokenRateLimiter({
    redis: runtime.redis,
    keyPrefix: options.rateLimitKeyPrefix ?? 'ratelimit',
    requestsPerMinute: config.TOKEN_RATE_LIMIT_PER_MINUTE,
    failedSecretsPerSourcePerMinute: config.FAILED_AUTH_LIMIT_PER_MINUTE,
    failedSecretsPerClientPerMinute: config.FAILED_AUTH_BUDGET_PER_MINUTE,
    slowdownMs: config.FAILED_AUTH_SLOWDOWN_MS,
  });
  const quotas = createQuotaCounter({
    redis: runtime.redis,
    keyPrefix: options.rateLimitKeyPrefix ?? 'ratelimit',
    pool: runtime.pool,
    eventStore: runtime.eventStore,
    logger: runtime.logger,
  });
  const source = requestSource(config.PORTAL_SOURCE_SECRET);
  return [
    wellKnownRouter({ keys: runtime.keys, issuer: config.ISSUER_URL }),
    tokenRouter({
      deps: {
        ...deps,
        keys: runtime.keys,
        tokenSettings: runtime.tokenSettings,
        rateLimiter,
        rejections: runtime.tokenRejections,
        quotas,
      },
      bodyLimit: config.REQUEST_BODY_LIMIT,
      requestSource: source,
    }),
    tokenManagementRouter({
      deps: {
        ...deps,
        keys: runtime.keys,
        tokenSettings: runtime.tokenSettings,
        rateLimiter,
        logger: runtime.logger,
      },
      bodyLimit: config.REQUEST_BODY_LIMIT,
      requestSource: source,
    }),
    agentsRouter({
      deps,
      requireTenantAdmin: requireTenantAdmin(runtime.keys, runtime.tokenSettings),
      bodyLimit: config.REQUEST_BODY_LIMIT,
    }),
    tenantSettingsRouter({
      deps,
      timeZoneChanges: createTenantActionLimiter({
        redis: runtime.redis,
        keyPrefix: options.rateLimitKeyPrefix ?? 'ratelimit',
        action: 'time-zone-changes',
        points: config.TIME_ZONE_CHANGES_PER_HOUR,
        durationSeconds: 3600,
        limitText: `At most ${config.TIME_ZONE_CHANGES_PER_HOUR} time zone changes per hour`,
      }),
      requireTenantAdmin: requireTenantAdmin(runtime.keys, runtime.tokenSettings),
      bodyLimit: config.REQUEST_BODY_LIMIT,
    }),
    webhooksRouter({
      deps,
      destinations: {
        allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
        maxSubscriptions: config.WEBHOOK_MAX_SUBSCRIPTIONS,
        logger: runtime.logger,
      },
      testMessages: createTenantActionLimiter({
        redis: runtime.redis,
        keyPrefix: options.rateLimitKeyPrefix ?? 'ratelimit',
        action: 'webhook-tests',
        points: config.WEBHOOK_TEST_LIMIT_PER_MINUTE,
        durationSeconds: 60,
        limitText: `At most ${config.WEBHOOK_TEST_LIMIT_PER_MINUTE} test messages per minute`,
      }),
      requireTenantAdmin: requireTenantAdmin(runtime.keys, runtime.tokenSettings),
      bodyLimit: config.REQUEST_BODY_LIMIT,
    }),
  ];
}
