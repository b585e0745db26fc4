import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { signAccessToken, type AccessTokenClaims } from '../../src/auth/accessTokens.js';
import { fixedClock } from '../../src/clock.js';
import { startedAt } from '../commands/support/commandApp.js';
import { insertAgent } from '../queries/support/readModelRows.js';
import { startSecurityApp, type SecurityApp } from './support/securityApp.js';

// Every protected endpoint refuses every token it did not issue exactly as
// issued (401), and every token without the tenant admin role (403).

const someAgentId = '00000000-0000-4000-8000-000000000000';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] as string)));
}

describe('bearer token refusals on every protected endpoint', () => {
  let api: SecurityApp;
  let endpoints: [string, string, object | undefined][];
  const call = (token: string, [method, path, body]: [string, string, object | undefined]) => {
    const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
    const pending = request(api.url)[verb](path).set('authorization', `Bearer ${token}`);
    return body ? pending.send(body) : pending;
  };

  beforeAll(async () => {
    api = await startSecurityApp();
    const agent = api.agent.agentId;
    // The agents read table, as its projection would fill it.
    await insertAgent(api.ctx.runtime.pool, {
      tenantId: api.tenant.tenantId,
      agentId: agent,
      name: 'Target',
    });
    endpoints = [
      ['GET', '/api/analytics/tokens', undefined],
      ['GET', '/api/analytics/agents/activity', undefined],
      ['GET', '/api/analytics/agents', undefined],
      ['GET', '/api/agents', undefined],
      ['GET', `/api/agents/${agent}`, undefined],
      ['GET', '/api/audit/events', undefined],
      ['POST', '/api/agents', { name: 'Probe' }],
      ['PATCH', `/api/agents/${agent}`, { name: 'Renamed' }],
      ['POST', `/api/agents/${agent}/rotate-secret`, undefined],
      ['POST', `/api/agents/${agent}/deactivate`, undefined],
      ['DELETE', `/api/agents/${agent}`, undefined],
    ];
  });
  afterAll(() => api.close());

  const adminClaims = (): AccessTokenClaims => ({
    subject: api.tenant.adminClientId,
    tenantId: api.tenant.tenantId,
    clientId: api.tenant.adminClientId,
    scopes: [],
    roles: ['tenant_admin'],
  });

  /** Each forged token must be refused with 401 everywhere, and nothing written. */
  async function expectRefusedEverywhere(token: string): Promise<void> {
    const before = await api.writtenRows();
    for (const endpoint of endpoints) {
      const response = await call(token, endpoint);
      expect({ endpoint: endpoint.slice(0, 2), status: response.status }).toEqual({
        endpoint: endpoint.slice(0, 2),
        status: 401,
      });
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await api.writtenRows()).toEqual(before);
  }

  it('accepts the genuine admin token on every endpoint', async () => {
    // Reads first; the mutating endpoints last, DELETE after deactivate is still 204.
    for (const endpoint of endpoints) {
      const response = await call(api.tenant.adminToken, endpoint);
      expect(response.status).toBeLessThan(300);
    }
  });

  it('refuses alg none', async () => {
    await expectRefusedEverywhere(new UnsecuredJWT(claimsOf(api.tenant.adminToken)).encode());
  });

  it('refuses HS256 signed with the published public key', async () => {
    const claims = claimsOf(api.tenant.adminToken);
    const jwks = await request(api.url).get('/.well-known/jwks.json');
    const published = jwks.body.keys[0];
    for (const secret of [
      new TextEncoder().encode(JSON.stringify(published)),
      base64url.decode(published.x),
    ]) {
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: published.kid, typ: 'at+jwt' })
        .sign(secret);
      await expectRefusedEverywhere(forged);
    }
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = api.tenant.adminToken.split('.');
    const forged = { ...claimsOf(api.tenant.adminToken), tenant_id: someAgentId };
    await expectRefusedEverywhere(
      `${header}.${base64url.encode(JSON.stringify(forged))}.${signature}`,
    );
  });

  it('refuses an expired token and one not yet valid', async () => {
    const settings = api.ctx.runtime.tokenSettings;
    const past = fixedClock(new Date(Date.parse(startedAt) - 2 * 3600_000));
    const expired = await signAccessToken(api.ctx.runtime.keys, adminClaims(), {
      ...settings,
      clock: past,
    });
    await expectRefusedEverywhere(expired.token);
    const future = fixedClock(new Date(Date.parse(startedAt) + 60_000));
    const notYetValid = await signAccessToken(api.ctx.runtime.keys, adminClaims(), {
      ...settings,
      clock: future,
    });
    await expectRefusedEverywhere(notYetValid.token);
  });

  it('refuses a token for another issuer or audience', async () => {
    const settings = api.ctx.runtime.tokenSettings;
    for (const other of [{ issuer: 'http://evil.test' }, { audience: 'someone-else' }]) {
      const { token } = await signAccessToken(api.ctx.runtime.keys, adminClaims(), {
        ...settings,
        ...other,
      });
      await expectRefusedEverywhere(token);
    }
  });

  it('refuses an unknown kid, and a known kid over a foreign key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwks = await request(api.url).get('/.well-known/jwks.json');
    const claims = claimsOf(api.tenant.adminToken);
    for (const kid of ['unknown-kid', jwks.body.keys[0].kid as string]) {
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .sign(privateKey);
      await expectRefusedEverywhere(forged);
    }
  });

  it('refuses an agent token on every admin endpoint (403), even a deactivated agent', async () => {
    const agent = await request(api.url)
      .post('/api/agents')
      .set('authorization', `Bearer ${api.tenant.adminToken}`)
      .send({ name: 'Caller', scopes: ['analytics:read'] });
    const issued = await request(api.url).post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.body.client_id,
      client_secret: agent.body.client_secret,
    });
    expect(issued.status).toBe(200);
    const agentToken = issued.body.access_token as string;
    const check = async () => {
      const before = await api.writtenRows();
      for (const endpoint of endpoints) {
        const response = await call(agentToken, endpoint);
        expect({ endpoint: endpoint.slice(0, 2), status: response.status }).toEqual({
          endpoint: endpoint.slice(0, 2),
          status: 403,
        });
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      expect(await api.writtenRows()).toEqual(before);
    };
    await check();

    const deactivated = await request(api.url)
      .post(`/api/agents/${agent.body.agent_id}/deactivate`)
      .set('authorization', `Bearer ${api.tenant.adminToken}`);
    expect(deactivated.status).toBe(200);
    // Its token has not expired, and still opens nothing.
    await check();
    // And it gets no new one.
    const again = await request(api.url).post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.body.client_id,
      client_secret: agent.body.client_secret,
    });
    expect(again.status).toBe(401);
    expect(again.body).toEqual({
      error: 'invalid_client',
      error_description: expect.any(String),
    });
    expect(again.body.access_token).toBeUndefined();
  });

  it("confines another tenant's admin to its own tenant", async () => {
    const other = await api.ctx.newTenant('Other');
    const agent = api.agent.agentId;
    const before = await api.writtenRows();
    const foreign: [string, string, object | undefined][] = [
      ['GET', `/api/agents/${agent}`, undefined],
      ['PATCH', `/api/agents/${agent}`, { name: 'Hijacked' }],
      ['POST', `/api/agents/${agent}/rotate-secret`, undefined],
      ['POST', `/api/agents/${agent}/deactivate`, undefined],
      ['DELETE', `/api/agents/${agent}`, undefined],
    ];
    for (const endpoint of foreign) {
      const response = await call(other.adminToken, endpoint);
      expect({ endpoint: endpoint.slice(0, 2), status: response.status }).toEqual({
        endpoint: endpoint.slice(0, 2),
        status: 404,
      });
    }
    const audit = await call(other.adminToken, ['GET', '/api/audit/events', undefined]);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain(api.tenant.tenantId);
    expect(JSON.stringify(audit.body)).not.toContain(agent);
    expect(await api.writtenRows()).toEqual(before);
  });
});
