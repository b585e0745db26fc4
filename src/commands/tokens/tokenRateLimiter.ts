import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { redisAdmissionCheck, type RedisAdmission } from './redisAdmission.js';

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

const windowSeconds = 60;

// Limits live in Redis so every API process shares them. When Redis is down
// each process falls back to an in-memory limiter of the same size, so the
// token endpoint keeps answering, with per-process limits.
export function createTokenRateLimiter(options: TokenRateLimiterOptions): TokenRateLimiter {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.keyPrefix}:${name}`,
      points,
      duration: windowSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds }),
    });
  const requests = limiter('token-requests', options.requestsPerMinute);
  const failedSecrets = limiter('token-failed-secrets', options.failedSecretsPerMinute);
  const inRedis = redisAdmissionCheck(options.redis, {
    failedSecretsPerWindow: options.failedSecretsPerMinute,
    windowSeconds,
  });

  const lockedOut = (msBeforeNext: number): Admission => ({
    admitted: false,
    retryAfterSeconds: seconds(msBeforeNext),
    reason: 'too many failed client authentications',
    firstRefusal: false,
  });
  const counted = (consumed: number, msBeforeNext: number): Admission =>
    consumed <= options.requestsPerMinute
      ? { admitted: true }
      : {
          admitted: false,
          retryAfterSeconds: seconds(msBeforeNext),
          reason: 'too many token requests',
          firstRefusal: consumed === options.requestsPerMinute + 1,
        };

  // Two round trips, each with rate-limiter-flexible's in-memory insurance.
  const admitWithFallback = async (clientId: string): Promise<Admission> => {
    const failures = await failedSecrets.get(clientId);
    if (failures && failures.consumedPoints >= options.failedSecretsPerMinute) {
      return lockedOut(failures.msBeforeNext);
    }
    try {
      const consumed = await requests.consume(clientId);
      return counted(consumed.consumedPoints, consumed.msBeforeNext);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return counted(refusal.consumedPoints, refusal.msBeforeNext);
    }
  };

  return {
    async admit(clientId) {
      let admission: RedisAdmission | undefined;
      try {
        admission = await inRedis.admit({
          failedSecrets: failedSecrets.getKey(clientId),
          requests: requests.getKey(clientId),
        });
      } catch {
        admission = undefined;
      }
      if (!admission) return admitWithFallback(clientId);
      return admission.lockedOut
        ? lockedOut(admission.msBeforeNext)
        : counted(admission.consumedRequests, admission.msBeforeNext);
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
