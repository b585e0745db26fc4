import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const servicesScript = fileURLToPath(new URL('../../infra/services.sh', import.meta.url));
const testServicesFile = new URL('../../infra/test-services.env', import.meta.url);

/**
 * Ports and data folder of the project-local services the tests use
 * (infra/test-services.env, apart from npm start's), each overridable from the environment.
 */
export function testServicesEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of readFileSync(testServicesFile, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) settings[match[1]] = env[match[1]] ?? match[2];
  }
  return settings;
}

const services = testServicesEnv();
export const localServerUrl = `postgres://postgres@127.0.0.1:${services.ANALYTICS_PG_PORT}/postgres`;
export const localRedisUrl = `redis://127.0.0.1:${services.ANALYTICS_REDIS_PORT}`;

/** Server-level Postgres URL and Redis URL for tests: given ones, or the project-local services. */
export function testServiceUrls(): { serverUrl: string; redisUrl: string } {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (!given || !redisUrl) {
    execFileSync('bash', [servicesScript, 'up'], {
      env: { ...process.env, ...services },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return { serverUrl: given ?? localServerUrl, redisUrl: redisUrl ?? localRedisUrl };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
