import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../../src/app/app.js';
import { postgresCheck, redisCheck } from '../../src/http/dependencyChecks.js';
import { healthRouter } from '../../src/http/health.js';
import { createLogger } from '../../src/logger.js';
import { createPool } from '../../src/db/pool.js';
import { createRedis } from '../../src/redis.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../support/testDatabase.js';

const logger = createLogger({ level: 'silent' });

describe('health endpoints against the real Postgres and Redis', () => {
  let db: TestDatabase;
  let redis: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createRedis(testRedisUrl());
  });
  afterAll(async () => {
    redis.disconnect();
    await db.drop();
  });

  it('live answers 200 with a request id header', async () => {
    const app = createApp({ logger, routers: [healthRouter([])] });
    const response = await request(app.callback()).get('/health/live');
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reuses a well-formed inbound request id and replaces a malformed one', async () => {
    const app = createApp({ logger, routers: [healthRouter([])] });
    const kept = await request(app.callback()).get('/health/live').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await request(app.callback())
      .get('/health/live')
      .set('x-request-id', 'bad id with spaces and /slashes');
    expect(replaced.headers['x-request-id']).not.toContain('bad');
  });

  it('ready is 200 when Postgres and Redis answer', async () => {
    const app = createApp({
      logger,
      routers: [healthRouter([postgresCheck(db.pool), redisCheck(redis)])],
    });
    const response = await request(app.callback()).get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', failing: [] });
  });

  it('ready is 503 naming the failing dependency', async () => {
    const deadPool = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    const app = createApp({
      logger,
      routers: [healthRouter([postgresCheck(deadPool), redisCheck(redis)])],
    });
    const response = await request(app.callback()).get('/health/ready');
    expect(response.status).toBe(503);
    expect(response.body.failing).toEqual(['postgres']);
    expect(response.body.checks.redis.ok).toBe(true);
    await deadPool.end();
  });

  it('unknown routes answer a problem document', async () => {
    const app = createApp({ logger, routers: [healthRouter([])] });
    const response = await request(app.callback()).get('/nope');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
