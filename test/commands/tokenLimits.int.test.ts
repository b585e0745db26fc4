import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { insertPendingClientCredentials } from '../../src/commands/credentials/clientCredentials.js';
import { hashClientSecret } from '../../src/commands/credentials/clientSecrets.js';
import { startCommandApp, type CommandApp } from './support/commandApp.js';
import { agentOf, tokenRequest } from './support/tokenClients.js';

describe('token endpoint rate limits (Redis)', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp(
      { TOKEN_RATE_LIMIT_PER_MINUTE: '3', FAILED_AUTH_LIMIT_PER_MINUTE: '2' },
      { trustProxy: true },
    );
  });
  afterAll(() => ctx.close());

  it('answers 429 with Retry-After past the per-client limit, recording it once', async () => {
    const { tenant, clientId, secret } = await agentOf(ctx);
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 5; i += 1) {
      const response = await tokenRequest(ctx, clientId, secret);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited?.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited?.headers['content-type']).toMatch(/^application\/json/);
    expect(limited?.body).toEqual({
      error: 'slow_down',
      error_description: 'Too many requests; retry later',
    });
    const rejected = (await ctx.allEvents()).filter(
      (e) => e.type === 'TokenRequestRejected' && e.data.clientId === clientId,
    );
    expect(rejected).toMatchObject([
      { data: { tenantId: tenant.tenantId, error: 'rate_limited' } },
    ]);
  });

  it('refuses a source after too many wrong secrets, and only that source', async () => {
    const { clientId, secret } = await agentOf(ctx);
    expect((await tokenRequest(ctx, clientId, 'wrong-1')).status).toBe(401);
    expect((await tokenRequest(ctx, clientId, 'wrong-2')).status).toBe(401);
    const locked = await tokenRequest(ctx, clientId, secret);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const elsewhere = await tokenRequest(ctx, clientId, secret).set(
      'x-forwarded-for',
      '203.0.113.5',
    );
    expect(elsewhere.status).toBe(200);
  });

  it('counts concurrent wrong secrets from one source before judging them', async () => {
    const { clientId } = await agentOf(ctx);
    const statuses = (
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          tokenRequest(ctx, clientId, `guess-${i}`).set('x-forwarded-for', '192.0.2.44'),
        ),
      )
    ).map((response) => response.status);
    // Only the limit's worth of guesses reaches the secret check at all.
    expect(statuses.filter((status) => status === 401)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  });

  it('does not count right secrets toward the source lockout', async () => {
    const { clientId, secret } = await agentOf(ctx);
    const from = (response: request.Test) => response.set('x-forwarded-for', '192.0.2.45');
    for (let i = 0; i < 3; i += 1)
      expect((await from(tokenRequest(ctx, clientId, secret))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the give-backs are off the answer's path
    expect((await from(tokenRequest(ctx, clientId, 'wrong-1'))).status).toBe(401);
    expect((await from(tokenRequest(ctx, clientId, 'wrong-2'))).status).toBe(401);
    expect((await from(tokenRequest(ctx, clientId, 'wrong-3'))).status).toBe(429);
  });

  it('counts only authenticated requests against the request rate', async () => {
    const { clientId, secret } = await agentOf(ctx);
    // Wrong secrets from many sources use up none of the client's requests.
    for (let i = 0; i < 6; i += 1) {
      const refused = await tokenRequest(ctx, clientId, 'wrong').set(
        'x-forwarded-for',
        `198.51.100.${i + 1}`,
      );
      expect(refused.status).toBe(401);
    }
    for (let i = 0; i < 3; i += 1)
      expect((await tokenRequest(ctx, clientId, secret)).status).toBe(200);
  });

  it('keeps limits per client: one client being limited does not limit another', async () => {
    const first = await agentOf(ctx);
    const second = await agentOf(ctx);
    for (let i = 0; i < 4; i += 1) await tokenRequest(ctx, first.clientId, first.secret);
    expect((await tokenRequest(ctx, first.clientId, first.secret)).status).toBe(429);
    expect((await tokenRequest(ctx, second.clientId, second.secret)).status).toBe(200);
  });
});

describe('token endpoint with Redis unreachable', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp(
      { TOKEN_RATE_LIMIT_PER_MINUTE: '2', FAILED_AUTH_LIMIT_PER_MINUTE: '2' },
      { redisUrl: 'redis://127.0.0.1:1', trustProxy: true },
    );
  });
  afterAll(() => ctx.close());

  it('keeps the lockout per client and source, in memory', async () => {
    const { clientId, secret } = await agentOf(ctx);
    for (let i = 0; i < 2; i += 1) {
      const refused = await tokenRequest(ctx, clientId, 'wrong').set(
        'x-forwarded-for',
        '198.51.100.7',
      );
      expect(refused.status).toBe(401);
    }
    const locked = await tokenRequest(ctx, clientId, secret).set('x-forwarded-for', '198.51.100.7');
    expect(locked.status).toBe(429);
    const elsewhere = await tokenRequest(ctx, clientId, secret).set(
      'x-forwarded-for',
      '203.0.113.5',
    );
    expect(elsewhere.status).toBe(200);
  });

  it('keeps issuing tokens and still limits, in memory', async () => {
    const { clientId, secret } = await agentOf(ctx);
    const started = Date.now();
    expect((await tokenRequest(ctx, clientId, secret)).status).toBe(200);
    expect((await tokenRequest(ctx, clientId, secret)).status).toBe(200);
    expect((await tokenRequest(ctx, clientId, secret)).status).toBe(429);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('token endpoint with the event store unreachable', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp({}, { eventStoreUrl: 'postgres://postgres@127.0.0.1:1/none' });
  });
  afterAll(() => ctx.close());

  it('answers 503 with Retry-After and no token', async () => {
    const clientId = 'agt_0123456789abcdef0123456789abcdef';
    await insertPendingClientCredentials(
      ctx.runtime.pool,
      {
        clientId,
        tenantId: '3f2d1c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
        kind: 'agent',
        agentId: '7a6b5c4d-3e2f-4100-8a9b-0c1d2e3f4a5b',
        secretHash: hashClientSecret('cs_known'),
        scopes: [],
        secretEventId: '5e0c7a1b-2d3f-4a5b-8c6d-7e8f9a0b1c2d',
      },
      new Date(),
    );
    const response = await tokenRequest(ctx, clientId, 'cs_known');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).not.toContain('access_token');
  });
});
