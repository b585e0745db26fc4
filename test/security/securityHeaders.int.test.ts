import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startSecurityApp, type SecurityApp } from './support/securityApp.js';

const hsts = 'max-age=31536000; includeSubDomains';

function expectBaseline(response: request.Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['content-security-policy']).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  expect(response.headers['referrer-policy']).toBe('no-referrer');
}

describe('security headers on the API', () => {
  let direct: SecurityApp;
  let proxied: SecurityApp;
  beforeAll(async () => {
    direct = await startSecurityApp();
    proxied = await startSecurityApp({}, { trustProxy: true });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('sends the baseline on successes, refusals and unknown routes', async () => {
    const auth = `Bearer ${direct.tenant.adminToken}`;
    const responses = await Promise.all([
      request(direct.url).get('/health/live'),
      request(direct.url).get('/api/agents').set('authorization', auth),
      request(direct.url).get('/api/agents'),
      request(direct.url).get('/nowhere'),
      request(direct.url).post('/oauth2/token').type('form').send({ grant_type: 'x' }),
    ]);
    for (const response of responses) expectBaseline(response);
  });

  it('never lets token responses be stored, issued or refused', async () => {
    const issued = await request(direct.url).post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: direct.agent.clientId,
      client_secret: direct.agent.clientSecret,
    });
    const refused = await request(direct.url).post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: direct.agent.clientId,
      client_secret: 'x',
    });
    expect(issued.status).toBe(200);
    expect(refused.status).toBe(401);
    for (const response of [issued, refused]) {
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
      expectBaseline(response);
    }
    const secret = await request(direct.url)
      .post('/api/agents')
      .set('authorization', `Bearer ${direct.tenant.adminToken}`)
      .send({ name: 'Secret shown once' });
    expect(secret.headers['cache-control']).toBe('no-store');
  });

  it('sends HSTS only for TLS seen through a trusted proxy', async () => {
    const tls = { 'x-forwarded-proto': 'https' };
    expect(
      (await request(proxied.url).get('/health/live').set(tls)).headers[
        'strict-transport-security'
      ],
    ).toBe(hsts);
    expect(
      (await request(proxied.url).get('/health/live')).headers['strict-transport-security'],
    ).toBeUndefined();
    // Without TRUST_PROXY the header is the client's claim, not a fact.
    expect(
      (await request(direct.url).get('/health/live').set(tls)).headers['strict-transport-security'],
    ).toBeUndefined();
  });
});
