import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type Router from '@koa/router';
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app/app.js';
import { apiRouters } from '../../src/app/routes.js';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/testDatabase.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

describe('GET /openapi.json', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let routers: Router[];

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = await createRuntime(
      loadConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent' }),
      'openapi-test',
    );
    routers = apiRouters(runtime);
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
  });

  async function fetchDocument(): Promise<OpenApiDocument> {
    const app = createApp({ logger: runtime.logger, routers });
    const response = await request(app.callback()).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    return response.body as OpenApiDocument;
  }

  it('is a public OpenAPI 3.1 document', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/analytics/tokens']?.get?.security).toEqual([{ bearerAuth: [] }]);
  });

  it('describes every route registered on the app’s routers', async () => {
    const document = await fetchDocument();
    const routes = routers.flatMap((router) =>
      router.stack
        .filter((layer) => layer.methods.length > 0)
        .flatMap((layer) =>
          layer.methods
            .filter((method) => method !== 'HEAD')
            .map(
              (method) =>
                [method.toLowerCase(), String(layer.path).replace(/:(\w+)/g, '{$1}')] as const,
            ),
        ),
    );
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const missing = routes.filter(([method, path]) => !document.paths[path]?.[method]);
    expect(missing).toEqual([]);
  });

  it('also describes the command and OAuth2 endpoints', async () => {
    const document = await fetchDocument();
    const expected: [string, string][] = [
      ['post', '/api/agents'],
      ['patch', '/api/agents/{id}'],
      ['post', '/api/agents/{id}/rotate-secret'],
      ['post', '/api/agents/{id}/deactivate'],
      ['delete', '/api/agents/{id}'],
      ['post', '/oauth2/token'],
      ['post', '/oauth2/revoke'],
      ['post', '/oauth2/introspect'],
      ['post', '/api/session/revoke'],
      ['get', '/api/tenant/settings'],
      ['put', '/api/tenant/settings'],
      ['get', '/.well-known/jwks.json'],
      ['get', '/.well-known/openid-configuration'],
      ['get', '/metrics'],
    ];
    for (const [method, path] of expected)
      expect([method, path, Boolean(document.paths[path]?.[method])]).toEqual([method, path, true]);
  });
});
