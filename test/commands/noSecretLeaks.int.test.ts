import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startCommandApp, type CommandApp } from './support/commandApp.js';

// Every secret and token may appear exactly once: in the response that hands it
// out. Never in another response, a log line or an event.
describe('secrets and tokens never leak', () => {
  let ctx: CommandApp;
  const responses: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    ctx = await startCommandApp();
  });
  afterAll(() => ctx.close());

  async function send(test: request.Test): Promise<request.Response> {
    const response = await test;
    responses.push(JSON.stringify({ headers: response.headers, body: response.body }));
    return response;
  }

  it('runs every command, then finds each secret only where it was issued', async () => {
    const http = () => request(ctx.app.callback());
    const tenant = await ctx.newTenant();
    secrets.push(tenant.adminClientSecret, tenant.adminToken);
    const admin = `Bearer ${tenant.adminToken}`;

    const agent = await send(
      http()
        .post('/api/agents')
        .set('authorization', admin)
        .send({ name: 'A', scopes: ['s'] }),
    );
    secrets.push(agent.body.client_secret);
    const id = agent.body.agent_id as string;
    const token = await send(
      http()
        .post('/oauth2/token')
        .auth(agent.body.client_id, agent.body.client_secret)
        .type('form')
        .send({ grant_type: 'client_credentials' }),
    );
    secrets.push(token.body.access_token);
    const bodyToken = await send(
      http().post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: agent.body.client_id,
        client_secret: agent.body.client_secret,
        scope: 's',
      }),
    );
    secrets.push(bodyToken.body.access_token);
    await send(
      http().post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: agent.body.client_id,
        client_secret: agent.body.client_secret,
        scope: 'not-held',
      }),
    );
    await send(
      http()
        .post('/oauth2/token')
        .auth(agent.body.client_id, `${agent.body.client_secret}x`)
        .type('form')
        .send({ grant_type: 'client_credentials' }),
    );
    await send(http().patch(`/api/agents/${id}`).set('authorization', admin).send({ name: 'B' }));
    await send(http().patch(`/api/agents/${id}`).set('authorization', admin).send({ x: 1 }));
    const rotated = await send(
      http().post(`/api/agents/${id}/rotate-secret`).set('authorization', admin),
    );
    secrets.push(rotated.body.client_secret);
    await send(
      http().post('/api/agents').set('authorization', `Bearer ${token.body.access_token}`).send({
        name: 'C',
      }),
    );
    await send(http().delete(`/api/agents/${id}`).set('authorization', admin));
    await send(
      http()
        .post('/oauth2/token')
        .auth(agent.body.client_id, rotated.body.client_secret)
        .type('form')
        .send({ grant_type: 'client_credentials' }),
    );

    expect(secrets.every((s) => typeof s === 'string' && s.length > 20)).toBe(true);
    const events = JSON.stringify(await ctx.allEvents());
    expect(events).toContain('TokenIssued');
    const logs = ctx.logLines.join('\n');
    expect(ctx.logLines.length).toBeGreaterThan(10);

    for (const secret of secrets) {
      expect(events).not.toContain(secret);
      expect(logs).not.toContain(secret);
      // The admin secret and admin token were handed out by the test setup, not here.
      const carriers = responses.filter((r) => r.includes(secret)).length;
      expect(carriers).toBeLessThanOrEqual(1);
    }
    const handedOut = [agent, rotated].map((r) => r.body.client_secret);
    for (const secret of handedOut) {
      expect(responses.filter((r) => r.includes(secret))).toHaveLength(1);
    }
  });
});
