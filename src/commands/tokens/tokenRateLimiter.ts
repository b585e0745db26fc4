import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export type Admission =
  | { admitted: true }
  | { admitted: false; retryAfterSeconds: number; reason: string; firstRefusal: boolean };

export interface TokenRateLimiter {
  /**
   * Before the credentials are looked up: takes one of the (client, source)'s
   * failed-secret points up front, atomically, so concurrent guesses cannot
   * all pass before any is counted; refuses the source once they are spent.
   * Other sources, and so the client itself, are not affected.
   */
  screen(clientId: string, source: string): Promise<Admission>;
  /** After the right secret: gives the point taken by screen back. */
  releaseScreen(clientId: string, source: string): void;
  /** After the right secret: counts the request against the client's rate. */
  admitAuthenticated(clientId: string): Promise<Admission>;
  /**
   * After a wrong secret (its (client, source) point was taken by screen):
   * counts it for the client. Past the client-wide budget the answer is held
   * back by delayMs.
   */
  recordFailedSecret(clientId: string): Promise<{ delayMs: number }>;
}

export interface TokenRateLimiterOptions {
  redis: Redis;
  keyPrefix: string;
  requestsPerMinute: number;
  /** Wrong secrets per client and source (IP) and minute; past it that source is refused for the client. */
  failedSecretsPerSourcePerMinute: number;
  /** Wrong secrets per client and minute from all sources; past it wrong guesses are slowed down. */
  failedSecretsPerClientPerMinute: number;
  slowdownMs: number;
}

const windowSeconds = 60;

// Limits live in Redis so every API process shares them. When Redis is down
// each process falls back to an in-memory limiter of the same size, so the
// token endpoint keeps answering, with per-process limits.
//
// No failure-based limit ever refuses the right secret on account of someone
// else's wrong ones: the request rate counts authenticated requests only,
// failures lock out only the (client, source) that made them, and the
// client-wide failure budget only delays answers to wrong secrets.
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
  const failedBySource = limiter(
    'token-failed-secrets-by-source',
    options.failedSecretsPerSourcePerMinute,
  );
  const failedByClient = limiter(
    'token-failed-secrets-by-client',
    options.failedSecretsPerClientPerMinute,
  );
  const sourceKey = (clientId: string, source: string) => `${clientId}|${source}`;

  const consumed = async (
    target: RateLimiterRedis,
    key: string,
  ): Promise<{ consumedPoints: number; msBeforeNext: number }> => {
    try {
      return await target.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return refusal;
    }
  };

  return {
    async screen(clientId, source) {
      const taken = await consumed(failedBySource, sourceKey(clientId, source));
      if (taken.consumedPoints > options.failedSecretsPerSourcePerMinute) {
        return {
          admitted: false,
          retryAfterSeconds: seconds(taken.msBeforeNext),
          reason: 'too many failed client authentications from this source',
          firstRefusal: false,
        };
      }
      return { admitted: true };
    },
    releaseScreen(clientId, source) {
      // Off the answer's path: a give-back that fails only leaves the point
      // taken until the window ends.
      failedBySource.reward(sourceKey(clientId, source), 1).catch(() => undefined);
    },
    async admitAuthenticated(clientId) {
      const counted = await consumed(requests, clientId);
      if (counted.consumedPoints <= options.requestsPerMinute) return { admitted: true };
      return {
        admitted: false,
        retryAfterSeconds: seconds(counted.msBeforeNext),
        reason: 'too many token requests',
        firstRefusal: counted.consumedPoints === options.requestsPerMinute + 1,
      };
    },
    async recordFailedSecret(clientId) {
      const clientWide = await consumed(failedByClient, clientId);
      const overBudget = clientWide.consumedPoints > options.failedSecretsPerClientPerMinute;
      return { delayMs: overBudget ? options.slowdownMs : 0 };
    },
  };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
