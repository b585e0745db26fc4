import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import request from 'supertest';
import { startCommandApp, startedAt, type CommandApp } from './support/commandApp.js';

describe('POST /oauth2/token', () => {
  let ctx: CommandApp;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  const http = () => request(ctx.app.callback());

  beforeAll(async () => {
    ctx = await startCommandApp();
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  async function newAgent(scopes: string[] = ['analytics:read', 'tokens:write']) {
    const response = await http()
      .post('/api/agents')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({ name: 'Agent', scopes });
    expect(response.status).toBe(201);
    return response.body as { agent_id: string; client_id: string; client_secret: string };
  }

  const tokenRequest = (form: Record<string, string>) =>
    http().post('/oauth2/token').type('form').send(form);

  async function tokenEvents(streamName: string) {
    return (await ctx.allEvents()).filter((e) => e.streamName === streamName);
  }

  it('issues a token verifiable against the published JWKS and appends TokenIssued', async () => {
    const agent = await newAgent();
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: agent.client_id,
      client_secret: agent.client_secret,
    }).set('x-request-id', 'req-token-1');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'analytics:read tokens:write',
    });

    const jwks = await http().get('/.well-known/jwks.json');
    const { payload, protectedHeader } = await jwtVerify(
      response.body.access_token,
      createLocalJWKSet(jwks.body as JSONWebKeySet),
      {
        issuer: 'http://issuer.test',
        audience: 'agent-analytics-test',
        currentDate: new Date(startedAt),
      },
    );
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({
      iss: 'http://issuer.test',
      sub: agent.agent_id,
      aud: 'agent-analytics-test',
      tenant_id: tenant.tenantId,
      client_id: agent.client_id,
      scope: 'analytics:read tokens:write',
      iat: Date.parse(startedAt) / 1000,
      exp: Date.parse(startedAt) / 1000 + 3600,
    });
    expect(payload).not.toHaveProperty('roles');

    expect(await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`)).toEqual([
      {
        streamName: `tokens-${tenant.tenantId}.${agent.agent_id}`,
        type: 'TokenIssued',
        data: {
          tenantId: tenant.tenantId,
          agentId: agent.agent_id,
          clientId: agent.client_id,
          jti: payload.jti,
          scopes: ['analytics:read', 'tokens:write'],
          expiresAt: '2026-11-25T13:00:00.000Z',
        },
        metadata: {
          tenantId: tenant.tenantId,
          occurredAt: startedAt,
          actor: { type: 'agent', id: agent.client_id },
          correlationId: 'req-token-1',
          causationId: null,
          schemaVersion: 1,
        },
      },
    ]);
  });

  it('accepts HTTP Basic and narrows to the requested scopes', async () => {
    const agent = await newAgent();
    const response = await http()
      .post('/oauth2/token')
      .auth(agent.client_id, agent.client_secret)
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'analytics:read' });
    expect(response.status).toBe(200);
    expect(response.body.scope).toBe('analytics:read');
    const [issued] = await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`);
    expect(issued?.data.scopes).toEqual(['analytics:read']);

    // Beside Basic the body may name the same client, and the scheme may be
    // followed by more than one space; another client_id is refused.
    const credentials = Buffer.from(`${agent.client_id}:${agent.client_secret}`).toString('base64');
    const withBody = (clientId: string, header = `Basic ${credentials}`) =>
      http()
        .post('/oauth2/token')
        .set('authorization', header)
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: clientId });
    expect((await withBody(agent.client_id)).status).toBe(200);
    expect((await withBody(agent.client_id, `Basic  ${credentials}`)).status).toBe(200);
    const other = await withBody('agt_someoneelse0000000000');
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('invalid_request');
  });

  it('gives admin clients the tenant admin role and records agentId null', async () => {
    const response = await http()
      .post('/oauth2/token')
      .auth(tenant.adminClientId, tenant.adminClientSecret)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(response.status).toBe(200);
    const jwks = await http().get('/.well-known/jwks.json');
    const { payload } = await jwtVerify(
      response.body.access_token,
      createLocalJWKSet(jwks.body as JSONWebKeySet),
      { currentDate: new Date(startedAt) },
    );
    expect(payload).toMatchObject({ sub: tenant.adminClientId, roles: ['tenant_admin'] });
    const events = await tokenEvents(`tokens-${tenant.tenantId}.admin`);
    expect(events.at(-1)).toMatchObject({
      type: 'TokenIssued',
      data: { agentId: null, clientId: tenant.adminClientId, scopes: [] },
      metadata: { actor: { type: 'admin', id: tenant.adminClientId } },
    });
  });

  it('answers RFC 6749 errors for malformed requests', async () => {
    const agent = await newAgent();
    const creds = { client_id: agent.client_id, client_secret: agent.client_secret };

    const noGrant = await tokenRequest({ ...creds });
    expect(noGrant.status).toBe(400);
    expect(noGrant.body).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
    });

    const password = await tokenRequest({ ...creds, grant_type: 'password' });
    expect(password.status).toBe(400);
    expect(password.body.error).toBe('unsupported_grant_type');

    const both = await http()
      .post('/oauth2/token')
      .auth(agent.client_id, agent.client_secret)
      .type('form')
      .send({ grant_type: 'client_credentials', ...creds });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');

    const json = await http()
      .post('/oauth2/token')
      .send({ grant_type: 'client_credentials', ...creds });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');

    const repeated = await http()
      .post('/oauth2/token')
      .type('form')
      .send(
        `grant_type=client_credentials&scope=a&scope=b&client_id=${creds.client_id}&client_secret=${creds.client_secret}`,
      );
    expect(repeated.status).toBe(400);
    expect(repeated.body.error).toBe('invalid_request');

    // A secret in the URL is refused, also when the body authenticates: logs keep URLs.
    for (const send of [
      { grant_type: 'client_credentials' },
      { grant_type: 'client_credentials', ...creds },
    ]) {
      const inUrl = await http()
        .post(`/oauth2/token?client_secret=${encodeURIComponent(creds.client_secret)}`)
        .type('form')
        .send(send);
      expect(inUrl.status).toBe(400);
      expect(inUrl.body).toEqual({
        error: 'invalid_request',
        error_description: 'client_secret must be sent in the body, not in the URL',
      });
    }

    const none = await tokenRequest({ grant_type: 'client_credentials' });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_client');

    expect(await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`)).toEqual([]);
  });

  it('refuses wrong secrets and unknown clients with invalid_client, recording known ones', async () => {
    const agent = await newAgent();
    const wrong = await http()
      .post('/oauth2/token')
      .auth(agent.client_id, 'cs_wrongwrongwrongwrongwrongwrongwrongwrongwro')
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .set('x-request-id', 'req-wrong-secret');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
    expect(wrong.body.error).toBe('invalid_client');

    const viaBody = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: agent.client_id,
      client_secret: 'nope',
    });
    expect(viaBody.status).toBe(401);
    expect(viaBody.headers['www-authenticate']).toBeUndefined();

    const unknown = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: 'agt_00000000000000000000000000000000',
      client_secret: agent.client_secret,
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    const events = await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      type: 'TokenRequestRejected',
      data: {
        tenantId: tenant.tenantId,
        agentId: agent.agent_id,
        clientId: agent.client_id,
        error: 'invalid_client',
        reason: 'client secret mismatch',
      },
      metadata: {
        correlationId: 'req-wrong-secret',
        actor: { type: 'agent', id: agent.client_id },
      },
    });
  });

  it('authenticates the client before judging the scope', async () => {
    const agent = await newAgent(['analytics:read']);
    const attempt = (clientId: string, secret: string, scope: string) =>
      tokenRequest({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        scope,
      });
    const unknownClient = 'agt_00000000000000000000000000000000';
    for (const [clientId, secret] of [
      [agent.client_id, 'cs_wrong'],
      [unknownClient, agent.client_secret],
    ] as const) {
      for (const scope of ['a"b', 'admin:all']) {
        const refused = await attempt(clientId, secret, scope);
        expect([refused.status, refused.body]).toEqual([
          401,
          { error: 'invalid_client', error_description: 'Client authentication failed' },
        ]);
      }
    }
    const malformed = await attempt(agent.client_id, agent.client_secret, 'a"b');
    expect([malformed.status, malformed.body]).toEqual([
      400,
      { error: 'invalid_scope', error_description: 'The scope parameter is malformed' },
    ]);
    const events = await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`);
    expect(events.map((e) => [e.data.error, e.data.reason])).toEqual([
      ['invalid_client', 'client secret mismatch'],
      ['invalid_client', 'client secret mismatch'],
      ['invalid_scope', 'malformed scope parameter'],
    ]);
  });

  it('answers oversized and encoded bodies in RFC 6749 form', async () => {
    const agent = await newAgent();
    const tooLarge = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: agent.client_id,
      client_secret: agent.client_secret,
      padding: 'x'.repeat(70 * 1024),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/^application\/json/);
    expect(tooLarge.body).toEqual({
      error: 'invalid_request',
      error_description: 'The request body exceeds 64kb',
    });
    const encoded = await http()
      .post('/oauth2/token')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('content-encoding', 'gzip')
      .send('grant_type=client_credentials');
    expect(encoded.status).toBe(415);
    expect(encoded.headers['content-type']).toMatch(/^application\/json/);
    expect(encoded.body).toEqual({
      error: 'invalid_request',
      error_description: 'Compressed request bodies are not accepted',
    });
  });

  it('refuses scopes the agent does not hold with invalid_scope, recorded', async () => {
    const agent = await newAgent(['analytics:read']);
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: agent.client_id,
      client_secret: agent.client_secret,
      scope: 'analytics:read admin:all',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_scope');
    const events = await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`);
    expect(events).toMatchObject([
      { type: 'TokenRequestRejected', data: { error: 'invalid_scope' } },
    ]);
  });

  it('refuses a deactivated agent with invalid_client', async () => {
    const agent = await newAgent();
    const deactivated = await http()
      .delete(`/api/agents/${agent.agent_id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(deactivated.status).toBe(204);
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: agent.client_id,
      client_secret: agent.client_secret,
    });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
    const events = await tokenEvents(`tokens-${tenant.tenantId}.${agent.agent_id}`);
    expect(events).toMatchObject([
      {
        type: 'TokenRequestRejected',
        data: { error: 'invalid_client', reason: 'client deactivated' },
      },
    ]);
  });
});
