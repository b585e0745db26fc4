import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../errors.js';

export interface TenantActionLimiter {
  /** Counts one action of the tenant; throws a 429 past the limit. */
  admit(tenantId: string): Promise<void>;
}

// An action a tenant admin may take a bounded number of times per period,
// counted per tenant and shared by every API process through Redis; while
// Redis is down each process counts in memory instead.
export function createTenantActionLimiter(options: {
  redis: Redis;
  keyPrefix: string;
  /** Names the counter in Redis, e.g. `webhook-tests`. */
  action: string;
  points: number;
  durationSeconds: number;
  /** What the 429 says, e.g. "At most 10 test messages per minute". */
  limitText: string;
}): TenantActionLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.keyPrefix}:${options.action}`,
    points: options.points,
    duration: options.durationSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({
      keyPrefix: options.action,
      points: options.points,
      duration: options.durationSeconds,
    }),
  });
  return {
    async admit(tenantId) {
      try {
        await limiter.consume(tenantId);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw new TooManyRequestsError(
          refusal.msBeforeNext / 1000,
          `${options.limitText}; retry later`,
        );
      }
    },
  };
}
