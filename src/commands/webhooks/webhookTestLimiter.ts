import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../../errors.js';

export interface WebhookTestLimiter {
  /** Counts one test message for the tenant; throws a 429 past the limit. */
  admit(tenantId: string): Promise<void>;
}

// Test messages per tenant and minute, shared by every API process through
// Redis; while Redis is down each process counts in memory instead.
export function createWebhookTestLimiter(options: {
  redis: Redis;
  keyPrefix: string;
  perMinute: number;
}): WebhookTestLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.keyPrefix}:webhook-tests`,
    points: options.perMinute,
    duration: 60,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({
      keyPrefix: 'webhook-tests',
      points: options.perMinute,
      duration: 60,
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
          `At most ${options.perMinute} test messages per minute; retry later`,
        );
      }
    },
  };
}
