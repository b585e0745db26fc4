import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { startSecurityApp, type SecurityApp } from './support/securityApp.js';

// The event store sits behind a TCP proxy the test cuts and restores: the
// store is unreachable while the credential table and everything else stay up.
describe('commands with the event store unavailable', () => {
  let proxy: TcpProxy;
  let api: SecurityApp;

  beforeAll(async () => {
    const server = new URL(process.env.TEST_SERVER_URL as string);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    api = await startSecurityApp(
      {},
      {
        eventStoreUrl: (databaseUrl) => {
          const url = new URL(databaseUrl);
          url.hostname = proxy.host;
          url.port = String(proxy.port);
          return url.toString();
        },
      },
    );
  });
  afterAll(async () => {
    await api.close();
    await proxy.close();
  });

  const register = () =>
    request(api.url)
      .post('/api/agents')
      .set('authorization', `Bearer ${api.tenant.adminToken}`)
      .send({ name: 'During outage' });
  const token = () =>
    request(api.url).post('/oauth2/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: api.agent.clientId,
      client_secret: api.agent.clientSecret,
    });

  function expectUnavailable(response: request.Response): void {
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(response.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(JSON.stringify(response.body)).not.toMatch(/ECONN|postgres|client_secret|access_token/i);
  }

  it('answers 503 with Retry-After, writes nothing partial, and recovers by itself', async () => {
    expect((await token()).status).toBe(200);
    const before = await api.writtenRows();

    await proxy.cut();
    expectUnavailable(await register());
    expectUnavailable(await token());
    const settings = request(api.url).get('/api/tenant/settings');
    expectUnavailable(await settings.set('authorization', `Bearer ${api.tenant.adminToken}`));
    const changeZone = request(api.url).put('/api/tenant/settings');
    expectUnavailable(
      await changeZone
        .set('authorization', `Bearer ${api.tenant.adminToken}`)
        .send({ time_zone: 'Asia/Kolkata' }),
    );
    // The credentials row written before the failed append is gone again.
    expect(await api.writtenRows()).toEqual(before);

    await proxy.restore();
    // No restart, no manual step: the next requests succeed once the store answers.
    const deadline = Date.now() + 20_000;
    let recovered = await token();
    while (recovered.status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      recovered = await token();
    }
    expect(recovered.status).toBe(200);
    const registered = await register();
    expect(registered.status).toBe(201);
    const after = await api.writtenRows();
    expect(after.credentials).toBe(before.credentials + 1);
  });

  it('answers refusals at once while the store is down, and records every one once it is back', async () => {
    const rejected = async () => {
      const { rows } = await api.ctx.runtime.pool.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM events
          WHERE event_type = 'TokenRequestRejected' AND data->>'clientId' = $1`,
        [api.agent.clientId],
      );
      return rows[0]?.count ?? 0;
    };
    const before = await rejected();
    const wrongSecret = () =>
      request(api.url).post('/oauth2/token').type('form').send({
        grant_type: 'client_credentials',
        client_id: api.agent.clientId,
        client_secret: 'cs_wrong',
      });

    await proxy.cut();
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      expect((await wrongSecret()).status).toBe(401);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(api.ctx.runtime.tokenRejections.pending()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a few failed attempts
    expect(await rejected()).toBe(before);

    await proxy.restore();
    expect(await api.ctx.runtime.tokenRejections.drain(20_000)).toBe(true);
    expect(await rejected()).toBe(before + 3);
  });
});
