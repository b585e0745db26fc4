import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { signAccessToken } from '../../src/auth/accessTokens.js';
import { startCommandApp, startedAt, type CommandApp } from './support/commandApp.js';

// The API refuses every token it did not issue exactly as issued.
describe('bearer tokens on the admin API', () => {
  let ctx: CommandApp;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  const registerWith = (token: string) =>
    request(ctx.app.callback())
      .post('/api/agents')
      .set('authorization', `Bearer ${token}`)
      .send({ name: 'Probe' });

  beforeAll(async () => {
    ctx = await startCommandApp();
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  function claimsOf(token: string): Record<string, unknown> {
    return JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] as string)));
  }

  it('accepts the genuine admin token', async () => {
    expect((await registerWith(tenant.adminToken)).status).toBe(201);
  });

  it('refuses a tampered token', async () => {
    const [header, , signature] = tenant.adminToken.split('.');
    const forged = {
      ...claimsOf(tenant.adminToken),
      tenant_id: '00000000-0000-4000-8000-000000000000',
    };
    const tampered = `${header}.${base64url.encode(JSON.stringify(forged))}.${signature}`;
    const response = await registerWith(tampered);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses an expired token', async () => {
    ctx.clock.set(new Date(Date.parse(startedAt) + 2 * 3600_000));
    try {
      expect((await registerWith(tenant.adminToken)).status).toBe(401);
    } finally {
      ctx.clock.set(startedAt);
    }
  });

  it('refuses a token for another audience or issuer', async () => {
    const claims = {
      subject: tenant.adminClientId,
      tenantId: tenant.tenantId,
      clientId: tenant.adminClientId,
      scopes: [],
      roles: ['tenant_admin'],
    };
    const settings = ctx.runtime.tokenSettings;
    const otherAudience = await signAccessToken(ctx.runtime.keys, claims, {
      ...settings,
      audience: 'someone-else',
    });
    expect((await registerWith(otherAudience.token)).status).toBe(401);
    const otherIssuer = await signAccessToken(ctx.runtime.keys, claims, {
      ...settings,
      issuer: 'http://evil.test',
    });
    expect((await registerWith(otherIssuer.token)).status).toBe(401);
  });

  it('refuses alg none and HS256 signed with the published public key', async () => {
    const claims = claimsOf(tenant.adminToken);
    const unsecured = new UnsecuredJWT(claims).encode();
    expect((await registerWith(unsecured)).status).toBe(401);

    const jwks = await request(ctx.app.callback()).get('/.well-known/jwks.json');
    const published = jwks.body.keys[0];
    const hmacKey = new TextEncoder().encode(JSON.stringify(published));
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: published.kid, typ: 'at+jwt' })
      .sign(hmacKey);
    expect((await registerWith(hs256)).status).toBe(401);
    const rawKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: published.kid, typ: 'at+jwt' })
      .sign(base64url.decode(published.x));
    expect((await registerWith(rawKey)).status).toBe(401);
  });
});
