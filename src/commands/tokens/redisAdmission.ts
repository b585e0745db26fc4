import type { Redis } from 'ioredis';

// The admission check of a token request in one Redis round trip: refuse a
// locked-out client (too many wrong secrets), else count the request. Same
// keys and counting as rate-limiter-flexible's RateLimiterRedis, which still
// records failed secrets and stands in when Redis is not ready.

const admitScript = `
local failures = tonumber(redis.call('get', KEYS[1]) or '0')
if failures >= tonumber(ARGV[1]) then
  return {-1, redis.call('pttl', KEYS[1])}
end
redis.call('set', KEYS[2], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('incrby', KEYS[2], 1)
local ttl = redis.call('pttl', KEYS[2])
if ttl == -1 then
  redis.call('expire', KEYS[2], ARGV[2])
  ttl = 1000 * ARGV[2]
end
return {consumed, ttl}`;

export type RedisAdmission =
  | { lockedOut: true; msBeforeNext: number }
  | { lockedOut: false; consumedRequests: number; msBeforeNext: number };

export interface RedisAdmissionCheck {
  /** undefined when Redis is not ready (the caller falls back). */
  admit(keys: { failedSecrets: string; requests: string }): Promise<RedisAdmission | undefined>;
}

export function redisAdmissionCheck(
  redis: Redis,
  limits: { failedSecretsPerWindow: number; windowSeconds: number },
): RedisAdmissionCheck {
  // EVALSHA, loading the script on the first call and after a Redis restart.
  redis.defineCommand('tokenAdmission', { numberOfKeys: 2, lua: admitScript });
  const run = (redis as unknown as Record<string, (...args: string[]) => Promise<[number, number]>>)
    .tokenAdmission as (...args: string[]) => Promise<[number, number]>;
  return {
    async admit(keys) {
      if (redis.status !== 'ready') return undefined;
      const [consumed, msBeforeNext] = await run.call(
        redis,
        keys.failedSecrets,
        keys.requests,
        String(limits.failedSecretsPerWindow),
        String(limits.windowSeconds),
      );
      return consumed < 0
        ? { lockedOut: true, msBeforeNext }
        : { lockedOut: false, consumedRequests: consumed, msBeforeNext };
    },
  };
}
