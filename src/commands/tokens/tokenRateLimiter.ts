import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export type Admission =
  | { admitted: true }
  | { admitted: false; retryAfterSeconds: number; reason: string; firstRefusal: boolean };

export interface TokenRateLimiter {
  /** Counts a request for the client and says whether it may proceed. */
  admit(clientId: string): Promise<Admission>;
  /** Counts a wrong secret for the client; too many lock it out for the window. */
  recordFailedSecret(clientId: string): Promise<void>;
}

export interface TokenRateLimiterOptions {
  redis: Redis;
  keyPrefix: string;
  requestsPerMinute: number;
  failedSecretsPerMinute: number;
}

// Limits live in Redis so every API process shares them. When Redis is down
// each process falls back to an in-memory limiter of the same size, so the
// token endpoint keeps answering, with per-process limits.
export function createTokenRateLimiter(options: TokenRateLimiterOptions): TokenRateLimiter {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.keyPrefix}:${name}`,
      points,
      duration: 60,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: 60 }),
    });
  const requests = limiter('token-requests', options.requestsPerMinute);
  const failedSecrets = limiter('token-failed-secrets', options.failedSecretsPerMinute);

  return {
    async admit(clientId) {
      const failures = await failedSecrets.get(clientId);
      if (failures && failures.consumedPoints >= options.failedSecretsPerMinute) {
        return {
          admitted: false,
          retryAfterSeconds: seconds(failures.msBeforeNext),
          reason: 'too many failed client authentications',
          firstRefusal: false,
        };
      }
      try {
        await requests.consume(clientId);
        return { admitted: true };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return {
          admitted: false,
          retryAfterSeconds: seconds(refusal.msBeforeNext),
          reason: 'too many token requests',
          firstRefusal: refusal.consumedPoints === options.requestsPerMinute + 1,
        };
      }
    },
    async recordFailedSecret(clientId) {
      try {
        await failedSecrets.consume(clientId);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
      }
    },
  };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
