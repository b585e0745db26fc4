import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { RevocationList } from '../../src/auth/revocationList.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { revokedTokensProjection } from '../../src/readModels/revokedTokens/projection.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { waitFor } from '../support/waitFor.js';
import { startCommandApp, type CommandApp } from './support/commandApp.js';

// RFC 7009 revocation, RFC 7662 introspection and self-revocation, through HTTP.

interface Client {
  id: string;
  secret: string;
}

describe('token revocation and introspection', () => {
  let ctx: CommandApp;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  let admin: Client;
  const http = () => request(ctx.app.callback());

  beforeAll(async () => {
    ctx = await startCommandApp({}, { allRoutes: true });
    tenant = await ctx.newTenant('Acme');
    admin = { id: tenant.adminClientId, secret: tenant.adminClientSecret };
  });
  afterAll(() => ctx.close());

  async function newAgent(): Promise<Client & { agentId: string }> {
    const response = await http()
      .post('/api/agents')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({ name: 'Agent', scopes: ['analytics:read'] });
    expect(response.status).toBe(201);
    return {
      id: response.body.client_id,
      secret: response.body.client_secret,
      agentId: response.body.agent_id,
    };
  }

  async function tokenOf(client: Client): Promise<string> {
    const response = await http()
      .post('/oauth2/token')
      .auth(client.id, client.secret)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(response.status).toBe(200);
    return response.body.access_token as string;
  }

  const revoke = (client: Client, token: string) =>
    http().post('/oauth2/revoke').auth(client.id, client.secret).type('form').send({ token });
  const introspect = (client: Client, token: string) =>
    http()
      .post('/oauth2/introspect')
      .type('form')
      .send({ token, client_id: client.id, client_secret: client.secret });
  const agentsWith = (token: string) =>
    http().get('/api/agents').set('authorization', `Bearer ${token}`);
  const revokedEvents = async () =>
    (await ctx.allEvents()).filter((event) => event.type === 'TokenRevoked');
  const jtiOf = (token: string): string =>
    JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).jti;

  it('a tenant admin revokes an admin token: refused at once, recorded, shown in the audit log', async () => {
    const second = await tokenOf(admin);
    expect((await agentsWith(second)).status).toBe(200);

    const response = await revoke(admin, second);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');

    const refused = await agentsWith(second);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect((await introspect(admin, second)).body).toEqual({ active: false });
    expect((await agentsWith(tenant.adminToken)).status).toBe(200);

    const events = await revokedEvents();
    expect(events).toEqual([
      {
        streamName: `tokens-${tenant.tenantId}.admin`,
        type: 'TokenRevoked',
        data: {
          tenantId: tenant.tenantId,
          agentId: null,
          clientId: admin.id,
          jti: jtiOf(second),
          expiresAt: '2026-11-25T13:00:00.000Z',
          revokedBy: admin.id,
        },
        metadata: expect.objectContaining({ actor: { type: 'admin', id: admin.id } }),
      },
    ]);
    const audit = await http()
      .get('/api/audit/events?type=TokenRevoked')
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        type: 'TokenRevoked',
        actor: { type: 'admin', id: admin.id },
        data: expect.objectContaining({ jti: jtiOf(second), revokedBy: admin.id }),
      }),
    ]);

    // Revoking again answers the same and records nothing more.
    expect((await revoke(admin, second)).status).toBe(200);
    expect(await revokedEvents()).toHaveLength(1);
  });

  it("introspects and revokes an agent's token as the tenant admin", async () => {
    const agent = await newAgent();
    const token = await tokenOf(agent);
    const active = await introspect(admin, token);
    expect(active.status).toBe(200);
    expect(active.headers['cache-control']).toBe('no-store');
    expect(active.body).toEqual({
      active: true,
      scope: 'analytics:read',
      client_id: agent.id,
      token_type: 'Bearer',
      exp: Date.parse('2026-11-25T13:00:00.000Z') / 1000,
      iat: Date.parse('2026-11-25T12:00:00.000Z') / 1000,
      sub: agent.agentId,
      aud: 'agent-analytics-test',
      iss: 'http://issuer.test',
      jti: jtiOf(token),
      tenant_id: tenant.tenantId,
      roles: [],
    });
    const before = (await revokedEvents()).length;
    expect((await revoke(admin, token)).status).toBe(200);
    expect((await introspect(admin, token)).body).toEqual({ active: false });
    const [event] = (await revokedEvents()).slice(before);
    expect(event?.streamName).toBe(`tokens-${tenant.tenantId}.${agent.agentId}`);
    const audit = await http()
      .get(`/api/audit/events?agent_id=${agent.agentId}&type=TokenRevoked`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(audit.body.items).toHaveLength(1);
  });

  it("a deactivated agent's unexpired token introspects as inactive", async () => {
    const agent = await newAgent();
    const token = await tokenOf(agent);
    expect((await introspect(admin, token)).body.active).toBe(true);
    const deactivated = await http()
      .post(`/api/agents/${agent.agentId}/deactivate`)
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({});
    expect(deactivated.status).toBe(200);
    expect((await introspect(admin, token)).body).toEqual({ active: false });
  });

  it("an agent revokes and introspects its own tokens, never another agent's", async () => {
    const agent = await newAgent();
    const other = await newAgent();
    const own = await tokenOf(agent);
    const othersToken = await tokenOf(other);
    const before = (await revokedEvents()).length;

    expect((await introspect(agent, othersToken)).body).toEqual({ active: false });
    expect((await revoke(agent, othersToken)).status).toBe(200);
    expect((await introspect(admin, othersToken)).body.active).toBe(true);
    expect((await revoke(agent, tenant.adminToken)).status).toBe(200);
    expect((await agentsWith(tenant.adminToken)).status).toBe(200);
    expect(await revokedEvents()).toHaveLength(before);

    expect((await introspect(agent, own)).body.active).toBe(true);
    expect((await revoke(agent, own)).status).toBe(200);
    expect((await introspect(agent, own)).body).toEqual({ active: false });
    const [event] = (await revokedEvents()).slice(before);
    expect(event?.metadata.actor).toEqual({ type: 'agent', id: agent.id });
  });

  it("another tenant's admin learns nothing and changes nothing", async () => {
    const other = await ctx.newTenant('Other');
    const otherAdmin = { id: other.adminClientId, secret: other.adminClientSecret };
    const agent = await newAgent();
    const token = await tokenOf(agent);
    const before = (await revokedEvents()).length;

    const introspected = await introspect(otherAdmin, tenant.adminToken);
    expect(introspected.status).toBe(200);
    expect(introspected.body).toEqual({ active: false });
    expect((await introspect(otherAdmin, token)).body).toEqual({ active: false });
    const revoked = await revoke(otherAdmin, tenant.adminToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({});
    expect((await revoke(otherAdmin, token)).status).toBe(200);

    expect((await agentsWith(tenant.adminToken)).status).toBe(200);
    expect((await introspect(admin, token)).body.active).toBe(true);
    expect(await revokedEvents()).toHaveLength(before);
  });

  it('answers client and request errors in RFC 6749 form, and ignores tokens it cannot read', async () => {
    const token = await tokenOf(admin);
    const before = (await revokedEvents()).length;
    const anonymous = await http().post('/oauth2/revoke').type('form').send({ token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic /);
    const wrongSecret = await revoke({ id: admin.id, secret: 'cs_wrong' }, token);
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
    const wrongIntrospect = await introspect({ id: admin.id, secret: 'cs_wrong' }, token);
    expect(wrongIntrospect.status).toBe(401);

    const missing = await http()
      .post('/oauth2/revoke')
      .auth(admin.id, admin.secret)
      .type('form')
      .send({});
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
    });
    const json = await http()
      .post('/oauth2/introspect')
      .auth(admin.id, admin.secret)
      .send({ token });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');

    expect((await revoke(admin, 'not-a-token')).status).toBe(200);
    expect((await introspect(admin, 'not-a-token')).body).toEqual({ active: false });
    expect((await agentsWith(token)).status).toBe(200);
    expect(await revokedEvents()).toHaveLength(before);
  });

  it('a bearer token revokes itself at POST /api/session/revoke', async () => {
    const token = await tokenOf(admin);
    // Like every /api route, it takes no parameter it does not know, and then revokes nothing.
    const withParameter = await http()
      .post('/api/session/revoke?x=1')
      .set('authorization', `Bearer ${token}`);
    expect(withParameter.status).toBe(400);
    expect(withParameter.body.errors).toEqual([
      { field: 'x', message: 'is not a known parameter' },
    ]);
    expect((await agentsWith(token)).status).toBe(200);
    const response = await http()
      .post('/api/session/revoke')
      .set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(204);
    expect((await agentsWith(token)).status).toBe(401);
    const again = await http().post('/api/session/revoke').set('authorization', `Bearer ${token}`);
    expect(again.status).toBe(401);
    const anonymous = await http().post('/api/session/revoke');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');

    const agent = await newAgent();
    const agentToken = await tokenOf(agent);
    expect(
      (await http().post('/api/session/revoke').set('authorization', `Bearer ${agentToken}`))
        .status,
    ).toBe(204);
    expect((await introspect(agent, agentToken)).body).toEqual({ active: false });
  });

  it('another API process refuses a revoked token after the notification, well within the bound', async () => {
    const elsewhere = new RevocationList({
      pool: ctx.runtime.pool,
      connectionString: ctx.runtime.config.DATABASE_URL,
      clock: ctx.clock,
      // Longer than the test: only the notification can tell it in time.
      maxStalenessMs: 60_000,
    });
    try {
      const token = await tokenOf(admin);
      expect(await elsewhere.isRevoked(jtiOf(token))).toBe(false);
      // Let the LISTEN connection come up (its connect alone would also invalidate).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await elsewhere.isRevoked(jtiOf(token))).toBe(false);
      const started = Date.now();
      expect((await revoke(admin, token)).status).toBe(200);
      await waitFor('the revocation to arrive', () => elsewhere.isRevoked(jtiOf(token)), 2000, 10);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await elsewhere.close();
    }
  });

  it('the revokedTokens projection restores the table from the log', async () => {
    const { pool } = ctx.runtime;
    const before = await pool.query(
      'SELECT tenant_id, jti, expires_at FROM revoked_tokens ORDER BY jti',
    );
    expect(before.rowCount).toBeGreaterThan(0);
    await pool.query('DELETE FROM revoked_tokens');
    await runProjection(
      { pool, eventStore: ctx.runtime.eventStore, logger: ctx.runtime.logger },
      revokedTokensProjection,
      { target: liveTarget(revokedTokensProjection), batchSize: 100, lockTimeoutMs: 1000 },
    );
    const after = await pool.query(
      'SELECT tenant_id, jti, expires_at FROM revoked_tokens ORDER BY jti',
    );
    expect(after.rows).toEqual(before.rows);
  });
});
