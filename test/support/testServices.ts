import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const servicesScript = fileURLToPath(new URL('../../infra/services.sh', import.meta.url));

// The project-local services (infra/services.sh), on their default or overridden ports.
export const localServerUrl = `postgres://postgres@127.0.0.1:${process.env.ANALYTICS_PG_PORT ?? '54329'}/postgres`;
export const localRedisUrl = `redis://127.0.0.1:${process.env.ANALYTICS_REDIS_PORT ?? '63799'}`;

/** Server-level Postgres URL and Redis URL for tests: given ones, or the project-local services. */
export function testServiceUrls(): { serverUrl: string; redisUrl: string } {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!given || !redisUrl) {
    execFileSync('bash', [servicesScript, 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { serverUrl: given ?? localServerUrl, redisUrl: redisUrl ?? localRedisUrl };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
