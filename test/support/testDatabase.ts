import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, type Pool } from '../../src/db/pool.js';
import { databaseUrl } from './testServices.js';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run integration tests through jest's integration project`);
  return value;
}

/** A fresh, migrated database cloned from the run's template. */
export async function createTestDatabase(
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const serverUrl = required('TEST_SERVER_URL');
  const name = `test_${required('TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${required('TEST_TEMPLATE_DB')}`);
        break;
      } catch (error) {
        // Concurrent clones of one template can briefly collide.
        if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(serverUrl, name);
  const pool = createPool({ connectionString: url, max: options.poolSize ?? 10 });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const dropper = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
      await dropper.connect();
      await dropper
        .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        .finally(() => dropper.end());
    },
  };
}

/** The run's Postgres server URL (any database; benchmarks create their own). */
export function testServerUrl(): string {
  return required('TEST_SERVER_URL');
}

export function testRedisUrl(): string {
  return required('TEST_REDIS_URL');
}

/** A unique key prefix so parallel test files never share Redis keys or queues. */
export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}`;
}
