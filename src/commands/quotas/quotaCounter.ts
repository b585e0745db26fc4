import type { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import { utcPeriodWindow } from '../../readModels/utcCalendar.js';
import type { AgentQuota } from './agentQuota.js';
import { tokensIssuedInPeriod, type QuotaSeedDeps } from './quotaSeed.js';

export type QuotaAdmission =
  { admitted: true; issued: number } | { admitted: false; retryAfterSeconds: number };

export interface QuotaCounter {
  /**
   * Counts one token against the agent's quota for the current UTC period,
   * unless the quota is enforced and already used up. monitor never refuses.
   */
  take(agent: AgentRef, quota: AgentQuota, now: Date): Promise<QuotaAdmission>;
  /**
   * Counts a refusal by the quota (of a request the rate limit admitted);
   * true for the period's first, the one recorded in the log.
   */
  countRefusal(agent: AgentRef, quota: AgentQuota, now: Date): Promise<boolean>;
  /** Gives back a count taken for a request that certainly issued no token. */
  giveBack(agent: AgentRef, quota: AgentQuota, now: Date): void;
}

export interface AgentRef {
  tenantId: string;
  agentId: string;
}

export interface QuotaCounterOptions extends QuotaSeedDeps {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
}

/** Kept this long past its period's end, so a request a moment late still finds it. */
const graceMs = 60_000;

// One hash per agent and period: issued (tokens counted) and refused
// (refusals counted, so only the first refusal of a period is recorded).
// Taking never counts a refusal: the caller counts it (countRefusal) only
// once the rate limit has admitted the request, so a request refused by both
// cannot use up the period's first refusal.
// A missing key is created from the seed the caller passes; without one the
// script answers `missing` and the caller comes back with the seed. Creating
// and counting happen in one script, so concurrent requests cannot seed twice
// or count past the limit.
const takeScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[4] == '' then return {-1, 0} end
  redis.call('HSET', KEYS[1], 'issued', ARGV[4], 'refused', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
local issued = tonumber(redis.call('HGET', KEYS[1], 'issued'))
if ARGV[2] == '1' and issued >= tonumber(ARGV[1]) then
  return {0, 0}
end
return {1, redis.call('HINCRBY', KEYS[1], 'issued', 1)}`;

interface Count {
  issued: number;
  refused: number;
}

/** Counts a refusal; a counter gone meanwhile is not recreated (its period's refusals start again). */
const refusalScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HINCRBY', KEYS[1], 'refused', 1)`;

/** Gives one count back, only to a counter that still exists. */
const giveBackScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'issued', -1) end
return 0`;

interface QuotaScripts {
  takeQuota(
    key: string,
    limit: number,
    enforce: '0' | '1',
    ttlMs: number,
    seed: string,
  ): Promise<[number, number]>;
  giveBackQuota(key: string): Promise<number>;
  countQuotaRefusal(key: string): Promise<number>;
}

// Counters live in Redis so every API process shares them. A key that is
// missing (first request of a period, or Redis lost its data) is rebuilt
// from the event-sourced count (quotaSeed.ts), never started at zero. When
// Redis is unreachable each process counts in memory, seeded the same way:
// the token endpoint keeps answering, and each process enforces the limit
// on its own (docs/security.md, "Quotas").
export function createQuotaCounter(options: QuotaCounterOptions): QuotaCounter {
  options.redis.defineCommand('takeQuota', { numberOfKeys: 1, lua: takeScript });
  options.redis.defineCommand('giveBackQuota', { numberOfKeys: 1, lua: giveBackScript });
  options.redis.defineCommand('countQuotaRefusal', { numberOfKeys: 1, lua: refusalScript });
  const redis = options.redis as Redis & QuotaScripts;
  const memory = new Map<string, Count>();
  const seeding = new Map<string, Promise<number>>();

  const keyOf = (agent: AgentRef, quota: AgentQuota, start: Date) =>
    `${options.keyPrefix}:quota:${agent.tenantId}:${agent.agentId}:${quota.period}:${start.getTime()}`;

  /** One seed read per key at a time in this process. */
  const seedOf = (key: string, agent: AgentRef, start: Date, end: Date): Promise<number> => {
    let pending = seeding.get(key);
    if (!pending) {
      pending = tokensIssuedInPeriod(options, { ...agent, start, end }).finally(() =>
        seeding.delete(key),
      );
      seeding.set(key, pending);
    }
    return pending;
  };

  const inRedis = async (
    key: string,
    quota: AgentQuota,
    ttlMs: number,
    seed: () => Promise<number>,
  ): Promise<[number, number]> => {
    const enforce = quota.mode === 'enforce' ? '1' : '0';
    const first = await redis.takeQuota(key, quota.limit, enforce, ttlMs, '');
    if (first[0] !== -1) return first;
    return redis.takeQuota(key, quota.limit, enforce, ttlMs, String(await seed()));
  };

  const inMemory = async (
    key: string,
    quota: AgentQuota,
    seed: () => Promise<number>,
  ): Promise<[number, number]> => {
    let count = memory.get(key);
    if (!count) {
      const issued = await seed();
      count = memory.get(key) ?? { issued, refused: 0 };
      memory.set(key, count);
    }
    if (quota.mode === 'enforce' && count.issued >= quota.limit) return [0, 0];
    count.issued += 1;
    return [1, count.issued];
  };

  const forgetPastPeriods = (now: Date) => {
    for (const key of memory.keys()) {
      const start = Number(key.slice(key.lastIndexOf(':') + 1));
      const period = key.split(':').at(-2) as AgentQuota['period'];
      if (utcPeriodWindow(period, new Date(start)).end.getTime() + graceMs < now.getTime())
        memory.delete(key);
    }
  };

  return {
    async take(agent, quota, now) {
      const { start, end } = utcPeriodWindow(quota.period, now);
      const key = keyOf(agent, quota, start);
      const ttlMs = end.getTime() - now.getTime() + graceMs;
      const seed = () => seedOf(key, agent, start, end);
      let answer: [number, number];
      if (redis.status === 'ready') {
        try {
          // Redis is back after this process counted the agent in memory: the
          // key that survived the outage lacks those tokens, so it goes, and is
          // rebuilt from the log, which has them.
          if (memory.has(key)) {
            await redis.del(key);
            memory.delete(key);
          }
          answer = await inRedis(key, quota, ttlMs, seed);
        } catch (error) {
          options.logger.warn(
            { err: error },
            'quota counter unavailable in Redis; counting in memory',
          );
          answer = await inMemory(key, quota, seed);
        }
      } else {
        if (memory.size > 10_000) forgetPastPeriods(now);
        answer = await inMemory(key, quota, seed);
      }
      if (answer[0] === 1) return { admitted: true, issued: answer[1] };
      return {
        admitted: false,
        retryAfterSeconds: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)),
      };
    },
    async countRefusal(agent, quota, now) {
      const key = keyOf(agent, quota, utcPeriodWindow(quota.period, now).start);
      const count = memory.get(key);
      if (count) {
        count.refused += 1;
        return count.refused === 1;
      }
      try {
        return (await redis.countQuotaRefusal(key)) === 1;
      } catch {
        return false;
      }
    },
    giveBack(agent, quota, now) {
      const { start } = utcPeriodWindow(quota.period, now);
      const key = keyOf(agent, quota, start);
      const count = memory.get(key);
      if (count) count.issued = Math.max(0, count.issued - 1);
      if (redis.status !== 'ready') return;
      // Off the answer's path; a give-back that fails leaves the count one high.
      redis.giveBackQuota(key).catch(() => undefined);
    },
  };
}
