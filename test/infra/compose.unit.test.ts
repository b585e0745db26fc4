import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config.js';

// The compose file cannot run here (no Docker engine), so it is checked
// against the config module instead: every variable it sets is one the
// service reads and accepts, and ports line up.
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

const compose = parse(readFileSync(new URL('../../infra/compose.yaml', import.meta.url), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
const services = compose.services;
const knownVariables = new Set(Object.keys(configSchema.shape));

describe('infra/compose.yaml', () => {
  it('has the production shape', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'eventstore',
      'portal',
      'postgres',
      'redis',
      'worker',
    ]);
  });

  it.each(['api', 'worker'])(
    '%s sets only variables the config module knows, with valid values',
    (name) => {
      const environment = services[name]?.environment ?? {};
      for (const variable of Object.keys(environment)) expect(knownVariables).toContain(variable);
      expect(() => loadConfig(environment)).not.toThrow();
    },
  );

  it('points the service at the compose hosts and ports', () => {
    const environment = services.api?.environment ?? {};
    const config = loadConfig(environment);
    expect(new URL(config.DATABASE_URL).host).toBe('postgres:5432');
    expect(new URL(config.REDIS_URL).host).toBe('redis:6379');
    expect(config.EVENTSTORE_URL).toMatch(/^esdb:\/\/eventstore:2113/);
    expect(services.api?.ports).toContain(`${config.HTTP_PORT}:${config.HTTP_PORT}`);
    expect(services.postgres?.ports).toContain('5432:5432');
    expect(services.redis?.ports).toContain('6379:6379');
    expect(services.eventstore?.ports).toContain('2113:2113');
  });

  it('wires the portal to the API service', () => {
    const environment = services.portal?.environment ?? {};
    const config = loadConfig(environment);
    expect(new URL(config.API_URL).host).toBe(
      `api:${loadConfig(services.api?.environment ?? {}).HTTP_PORT}`,
    );
    expect(services.portal?.ports).toContain(`${config.PORTAL_PORT}:${config.PORTAL_PORT}`);
  });

  it('gives the API and the portal the same required portal source secret', () => {
    const secret = services.api?.environment?.PORTAL_SOURCE_SECRET;
    expect(secret).toMatch(/^\$\{PORTAL_SOURCE_SECRET:\?.+\}$/);
    expect(services.portal?.environment?.PORTAL_SOURCE_SECRET).toBe(secret);
  });

  it('builds from Dockerfiles that exist and gates start-up on health checks', () => {
    for (const name of ['api', 'worker', 'portal']) {
      const build = services[name]?.build;
      expect(build).toBeDefined();
      expect(() =>
        readFileSync(new URL(`../../${build?.dockerfile}`, import.meta.url)),
      ).not.toThrow();
    }
    for (const name of ['eventstore', 'postgres', 'redis', 'api'])
      expect(services[name]?.healthcheck).toBeDefined();
    expect(services.api?.depends_on).toMatchObject({
      eventstore: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });
});
