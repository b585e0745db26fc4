import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startCommandApp, startedAt, type CommandApp } from './support/commandApp.js';

describe('agent commands over HTTP', () => {
  let ctx: CommandApp;
  let tenant: Awaited<ReturnType<CommandApp['newTenant']>>;
  const http = () => request(ctx.app.callback());
  const register = (body: object, token = tenant.adminToken) =>
    http().post('/api/agents').set('authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    ctx = await startCommandApp({ REQUEST_BODY_LIMIT: '2kb' });
    tenant = await ctx.newTenant();
  });
  afterAll(() => ctx.close());

  async function streamOf(tenantId: string, agentId: string) {
    return (await ctx.allEvents()).filter((e) => e.streamName === `agent-${tenantId}.${agentId}`);
  }

  it('registers an agent: 201 with the secret once, Location, ETag and AgentRegistered', async () => {
    const response = await register({
      name: 'Billing bot',
      description: 'pays',
      scopes: ['billing:read', 'billing:write'],
    }).set('x-request-id', 'req-register-1');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      agent_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      client_id: expect.stringMatching(/^agt_[a-f0-9]{32}$/),
      client_secret: expect.stringMatching(/^cs_[A-Za-z0-9_-]{43}$/),
      name: 'Billing bot',
      description: 'pays',
      scopes: ['billing:read', 'billing:write'],
      status: 'active',
      quota: null,
      revision: 0,
    });
    expect(response.headers.location).toBe(`/api/agents/${response.body.agent_id}`);
    expect(response.headers.etag).toBe('"0"');
    expect(response.headers['cache-control']).toBe('no-store');

    const events = await streamOf(tenant.tenantId, response.body.agent_id);
    expect(events).toEqual([
      {
        streamName: `agent-${tenant.tenantId}.${response.body.agent_id}`,
        type: 'AgentRegistered',
        data: {
          tenantId: tenant.tenantId,
          agentId: response.body.agent_id,
          clientId: response.body.client_id,
          name: 'Billing bot',
          description: 'pays',
          scopes: ['billing:read', 'billing:write'],
        },
        metadata: {
          tenantId: tenant.tenantId,
          occurredAt: startedAt,
          actor: { type: 'admin', id: tenant.adminClientId },
          correlationId: 'req-register-1',
          causationId: null,
          schemaVersion: 1,
        },
      },
    ]);
    const { rows } = await ctx.runtime.pool.query(
      'SELECT kind, agent_id, scopes, active FROM client_credentials WHERE client_id = $1',
      [response.body.client_id],
    );
    expect(rows).toEqual([
      {
        kind: 'agent',
        agent_id: response.body.agent_id,
        scopes: ['billing:read', 'billing:write'],
        active: true,
      },
    ]);
  });

  it('defaults description to null and scopes to none', async () => {
    const response = await register({ name: 'Plain' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ description: null, scopes: [] });
  });

  it('rejects invalid bodies naming the field, unknown fields, wrong types and bad JSON', async () => {
    const missing = await register({ description: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);

    const unknown = await register({ name: 'A', owner: 'me' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.errors)).toContain('owner');

    const badScope = await register({ name: 'A', scopes: ['has space'] });
    expect(badScope.status).toBe(400);
    expect(badScope.body.errors[0].field).toBe('scopes.0');

    const malformed = await http()
      .post('/api/agents')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .set('content-type', 'application/json')
      .send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');

    const wrongType = await http()
      .post('/api/agents')
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .set('content-type', 'text/plain')
      .send('name=A');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.title).toBe('Unsupported Media Type');

    const tooLarge = await register({ name: 'A', description: 'x'.repeat(3000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toContain('application/problem+json');
  });

  it('requires a tenant admin token: 401 without or with a bad one, 403 for an agent token', async () => {
    expect((await http().post('/api/agents').send({ name: 'A' })).status).toBe(401);
    expect((await register({ name: 'A' }, 'not.a.jwt')).status).toBe(401);

    const agent = await register({ name: 'Token holder', scopes: ['x'] });
    const token = await http().post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: agent.body.client_id,
      client_secret: agent.body.client_secret,
    });
    expect(token.status).toBe(200);
    const forbidden = await register({ name: 'A' }, token.body.access_token);
    expect(forbidden.status).toBe(403);
  });

  it('updates name, description and scopes with AgentUpdated carrying only the changes', async () => {
    const created = await register({ name: 'Old', scopes: ['a'] });
    const id = created.body.agent_id as string;
    const response = await http()
      .patch(`/api/agents/${id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .set('if-match', '"0"')
      .send({ name: 'New', scopes: ['a', 'b'] });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({ name: 'New', scopes: ['a', 'b'], revision: 1 });
    const events = await streamOf(tenant.tenantId, id);
    expect(events[1]).toMatchObject({
      type: 'AgentUpdated',
      data: { tenantId: tenant.tenantId, agentId: id, name: 'New', scopes: ['a', 'b'] },
      metadata: { actor: { type: 'admin', id: tenant.adminClientId } },
    });
    expect(events[1]?.data).not.toHaveProperty('description');
    const { rows } = await ctx.runtime.pool.query(
      'SELECT scopes FROM client_credentials WHERE client_id = $1',
      [created.body.client_id],
    );
    expect(rows[0]?.scopes).toEqual(['a', 'b']);

    const empty = await http()
      .patch(`/api/agents/${id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({});
    expect(empty.status).toBe(400);
  });

  const renameWithIfMatch = (id: string, ifMatch: string, name: string) =>
    http()
      .patch(`/api/agents/${id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .set('if-match', ifMatch)
      .send({ name });

  it('honours If-Match: a stale revision is 412 and appends nothing', async () => {
    const created = await register({ name: 'Versioned' });
    const id = created.body.agent_id as string;
    const patch = (ifMatch: string, name: string) => renameWithIfMatch(id, ifMatch, name);
    expect((await patch('"0"', 'First')).status).toBe(200);
    const stale = await patch('"0"', 'Second');
    expect(stale.status).toBe(412);
    expect((await patch('garbage', 'Third')).status).toBe(400);
    expect((await streamOf(tenant.tenantId, id)).map((e) => e.data.name)).toEqual([
      'Versioned',
      'First',
    ]);
  });

  it('compares If-Match strongly: a list may name the revision, a weak or foreign tag never matches', async () => {
    const created = await register({ name: 'Listed' });
    const id = created.body.agent_id as string;
    const patch = (ifMatch: string, name: string) => renameWithIfMatch(id, ifMatch, name);
    const weak = await patch('W/"0"', 'Weak');
    expect(weak.status).toBe(412);
    expect(weak.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await patch('"v0", "abc"', 'Foreign')).status).toBe(412);
    const listed = await patch('"7", W/"1", "0"', 'Listed again');
    expect(listed.status).toBe(200);
    expect(listed.headers.etag).toBe('"1"');
    expect((await patch('*', 'Any')).status).toBe(200);
    expect((await streamOf(tenant.tenantId, id)).map((e) => e.data.name)).toEqual([
      'Listed',
      'Listed again',
      'Any',
    ]);
  });

  it('honours If-None-Match on commands: * or the current revision (compared weakly) is 412 and writes nothing', async () => {
    const created = await register({ name: 'Existing' });
    const id = created.body.agent_id as string;
    const auth = `Bearer ${tenant.adminToken}`;
    const patch = (ifNoneMatch: string, name: string) =>
      http()
        .patch(`/api/agents/${id}`)
        .set('authorization', auth)
        .set('if-none-match', ifNoneMatch)
        .send({ name });
    const refused = [
      await patch('*', 'Star'),
      await patch('W/"0"', 'Weak current'),
      await patch('"5", "0"', 'Listed current'),
      await http()
        .delete(`/api/agents/${id}/quota`)
        .set('authorization', auth)
        .set('if-none-match', '*'),
    ];
    expect(refused.map((response) => response.status)).toEqual([412, 412, 412, 412]);
    const malformed = await patch('garbage', 'Malformed');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('If-None-Match');
    expect(await streamOf(tenant.tenantId, id)).toHaveLength(1);

    const other = await patch('"7"', 'Renamed');
    expect(other.status).toBe(200);
    expect(other.headers.etag).toBe('"1"');
    const both = await http()
      .patch(`/api/agents/${id}`)
      .set('authorization', auth)
      .set('if-match', '"1"')
      .set('if-none-match', '"0"')
      .send({ name: 'Both met' });
    expect(both.status).toBe(200);
    expect((await streamOf(tenant.tenantId, id)).map((e) => e.data.name)).toEqual([
      'Existing',
      'Renamed',
      'Both met',
    ]);
  });

  it('never lets two concurrent updates with the same If-Match both win', async () => {
    const created = await register({ name: 'Raced' });
    const id = created.body.agent_id as string;
    const responses = await Promise.all(
      ['One', 'Two', 'Three', 'Four'].map((name) =>
        http()
          .patch(`/api/agents/${id}`)
          .set('authorization', `Bearer ${tenant.adminToken}`)
          .set('if-match', '"0"')
          .send({ name }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412]);
    expect(await streamOf(tenant.tenantId, id)).toHaveLength(2);
  });

  it('serialises concurrent updates without If-Match: each is applied or refused, none lost', async () => {
    const created = await register({ name: 'Busy' });
    const id = created.body.agent_id as string;
    const names = ['A1', 'A2', 'A3', 'A4'];
    const responses = await Promise.all(
      names.map((name) =>
        http()
          .patch(`/api/agents/${id}`)
          .set('authorization', `Bearer ${tenant.adminToken}`)
          .send({ name }),
      ),
    );
    const succeeded = responses.filter((r) => r.status === 200);
    expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const updates = (await streamOf(tenant.tenantId, id)).slice(1);
    expect(updates).toHaveLength(succeeded.length);
    expect(new Set(succeeded.map((r) => r.body.revision)).size).toBe(succeeded.length);
  });

  it('rotates the secret: new secret once, AgentSecretRotated, old secret refused', async () => {
    const created = await register({ name: 'Rotating' });
    const id = created.body.agent_id as string;
    const rotated = await http()
      .post(`/api/agents/${id}/rotate-secret`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.client_secret).toMatch(/^cs_/);
    expect(rotated.body.client_secret).not.toBe(created.body.client_secret);
    expect(rotated.body.client_id).toBe(created.body.client_id);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const events = await streamOf(tenant.tenantId, id);
    expect(events[1]).toMatchObject({
      type: 'AgentSecretRotated',
      data: { tenantId: tenant.tenantId, agentId: id, clientId: created.body.client_id },
    });
    const tokenWith = (secret: string) =>
      http()
        .post('/oauth2/token')
        .auth(created.body.client_id, secret)
        .type('form')
        .send({ grant_type: 'client_credentials' });
    expect((await tokenWith(created.body.client_secret)).status).toBe(401);
    expect((await tokenWith(rotated.body.client_secret)).status).toBe(200);
  });

  it('deactivates with DELETE and POST .../deactivate; afterwards update and rotate are 409', async () => {
    const viaDelete = await register({ name: 'Doomed' });
    const deleted = await http()
      .delete(`/api/agents/${viaDelete.body.agent_id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(deleted.status).toBe(204);
    expect(deleted.headers.etag).toBe('"1"');

    const viaPost = await register({ name: 'Retired' });
    const id = viaPost.body.agent_id as string;
    const deactivated = await http()
      .post(`/api/agents/${id}/deactivate`)
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({ reason: 'replaced' });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ status: 'deactivated', revision: 1 });
    const events = await streamOf(tenant.tenantId, id);
    expect(events[1]).toMatchObject({
      type: 'AgentDeactivated',
      data: { tenantId: tenant.tenantId, agentId: id, reason: 'replaced' },
    });
    const { rows } = await ctx.runtime.pool.query(
      'SELECT active FROM client_credentials WHERE client_id = $1',
      [viaPost.body.client_id],
    );
    expect(rows[0]?.active).toBe(false);

    const update = await http()
      .patch(`/api/agents/${id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`)
      .send({ name: 'Zombie' });
    expect(update.status).toBe(409);
    const rotate = await http()
      .post(`/api/agents/${id}/rotate-secret`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(rotate.status).toBe(409);
    const again = await http()
      .delete(`/api/agents/${id}`)
      .set('authorization', `Bearer ${tenant.adminToken}`);
    expect(again.status).toBe(204);
    expect(await streamOf(tenant.tenantId, id)).toHaveLength(2);
  });

  it('refuses a DELETE body it cannot use and writes nothing', async () => {
    const created = await register({ name: 'Kept' });
    const id = created.body.agent_id as string;
    const auth = `Bearer ${tenant.adminToken}`;
    const quota = await http()
      .put(`/api/agents/${id}/quota`)
      .set('authorization', auth)
      .send({ limit: 10, period: 'day', mode: 'enforce' });
    expect(quota.status).toBe(200);
    const attempts = [
      await http().delete(`/api/agents/${id}`).set('authorization', auth).send({ bogus: true }),
      await http()
        .delete(`/api/agents/${id}`)
        .set('authorization', auth)
        .type('text/plain')
        .send('garbage'),
      await http()
        .delete(`/api/agents/${id}/quota`)
        .set('authorization', auth)
        .send({ bogus: true }),
    ];
    expect(attempts.map((response) => response.status)).toEqual([400, 415, 400]);
    expect(attempts[0]?.body.errors[0].field).toBe('body');
    expect(attempts[2]?.body.errors[0].field).toBe('body');
    expect(await streamOf(tenant.tenantId, id)).toHaveLength(2);

    const emptyJson = await http()
      .delete(`/api/agents/${id}/quota`)
      .set('authorization', auth)
      .send({});
    expect(emptyJson.status).toBe(200);
    const withReason = await http()
      .delete(`/api/agents/${id}`)
      .set('authorization', auth)
      .send({ reason: 'retired' });
    expect(withReason.status).toBe(204);
    expect((await streamOf(tenant.tenantId, id)).at(-1)).toMatchObject({
      type: 'AgentDeactivated',
      data: { reason: 'retired' },
    });
  });

  it("answers 404 for another tenant's agent and for unknown or malformed ids", async () => {
    const other = await ctx.newTenant('Other Corp');
    const foreign = await register({ name: 'Theirs' }, other.adminToken);
    const id = foreign.body.agent_id as string;
    const auth = `Bearer ${tenant.adminToken}`;
    const attempts = await Promise.all([
      http().patch(`/api/agents/${id}`).set('authorization', auth).send({ name: 'Mine now' }),
      http().post(`/api/agents/${id}/rotate-secret`).set('authorization', auth),
      http().post(`/api/agents/${id}/deactivate`).set('authorization', auth),
      http().delete(`/api/agents/${id}`).set('authorization', auth),
      http().delete('/api/agents/00000000-0000-4000-8000-000000000000').set('authorization', auth),
      http().delete('/api/agents/not-a-uuid').set('authorization', auth),
    ]);
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(await streamOf(other.tenantId, id)).toHaveLength(1);
  });
});
