import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { signCompactEd25519 } from '../../src/auth/compactJws.js';
import { startCommandApp, startedAt, type CommandApp } from '../commands/support/commandApp.js';

// RFC 7235 / RFC 6750 details of bearer authentication on the API.

describe('bearer authentication conformance', () => {
  let ctx: CommandApp;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  const agents = (authorization?: string) => {
    const pending = request(ctx.app.callback()).get('/api/agents');
    return authorization === undefined ? pending : pending.set('authorization', authorization);
  };

  beforeAll(async () => {
    ctx = await startCommandApp({}, { allRoutes: true });
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  it('accepts the scheme name in any case', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const response = await agents(`${scheme} ${tenant.adminToken}`);
      expect({ scheme, status: response.status }).toEqual({ scheme, status: 200 });
    }
  });

  it('challenges with the RFC 6750 error codes', async () => {
    const missing = await agents();
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const otherScheme = await agents('Basic dXNlcjpwYXNz');
    expect(otherScheme.status).toBe(401);
    expect(otherScheme.headers['www-authenticate']).toBe('Bearer');

    for (const bad of ['Bearer', 'Bearer not-a-jwt', `Bearer ${tenant.adminToken}x`]) {
      const response = await agents(bad);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }

    const registered = await request(ctx.app.callback())
      .post('/api/agents')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({ name: 'Agent' });
    const issued = await request(ctx.app.callback())
      .post('/oauth2/token')
      .auth(registered.body.client_id, registered.body.client_secret)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    const forbidden = await agents(`Bearer ${issued.body.access_token}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toBe('Bearer error="insufficient_scope"');
  });

  it('refuses a token issued in the future beyond the clock tolerance', async () => {
    const { kid, key } = await ctx.runtime.keys.signingKey();
    const now = Date.parse(startedAt) / 1000;
    const tokenIssuedAt = (iat: number) =>
      signCompactEd25519(
        { alg: 'EdDSA', kid, typ: 'at+jwt' },
        {
          tenant_id: tenant.tenantId,
          client_id: tenant.adminClientId,
          scope: '',
          roles: ['tenant_admin'],
          iss: 'http://issuer.test',
          aud: 'agent-analytics-test',
          sub: tenant.adminClientId,
          jti: randomUUID(),
          iat,
          nbf: now,
          exp: now + 3600,
        },
        key,
      );
    expect((await agents(`Bearer ${tokenIssuedAt(now + 3)}`)).status).toBe(200);
    const future = await agents(`Bearer ${tokenIssuedAt(now + 600)}`);
    expect(future.status).toBe(401);
    expect(future.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });
});
