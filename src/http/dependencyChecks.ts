import type { Redis } from 'ioredis';
import type { Pool } from '../db/pool.js';
import type { HealthCheck } from './health.js';

export function postgresCheck(pool: Pool): HealthCheck {
  return {
    name: 'postgres',
    run: async () => {
      await pool.query('SELECT 1');
      return { ok: true };
    },
  };
}

export function redisCheck(redis: Redis): HealthCheck {
  return {
    name: 'redis',
    run: async () => {
      const reply = await redis.ping();
      return { ok: reply === 'PONG' };
    },
  };
}
