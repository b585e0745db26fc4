import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startCommandApp, type CommandApp } from './support/commandApp.js';
import { agentOf, tokenRequest } from './support/tokenClients.js';

const portalSecret = 'portal-source-secret-for-tests-0123456789';

// Every request here reaches the app from the same connection address, as
// every sign-in through the portal reaches the API from the portal server.
const throughPortal = (test: request.Test, source: string, secret = portalSecret) =>
  test.set('x-portal-secret', secret).set('x-portal-source', source);

describe('token endpoint lockout behind the portal (PORTAL_SOURCE_SECRET set)', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp({
      PORTAL_SOURCE_SECRET: portalSecret,
      FAILED_AUTH_LIMIT_PER_MINUTE: '2',
    });
  });
  afterAll(() => ctx.close());

  it("locks out only the browser that failed, not the portal's other browsers", async () => {
    const { clientId, secret } = await agentOf(ctx);
    const fromA = (s: string) => throughPortal(tokenRequest(ctx, clientId, s), 'browser-A');
    expect((await fromA('wrong-1')).status).toBe(401);
    expect((await fromA('wrong-2')).status).toBe(401);
    expect((await fromA(secret)).status).toBe(429);
    const fromB = await throughPortal(tokenRequest(ctx, clientId, secret), 'browser-B');
    expect(fromB.status).toBe(200);
  });

  it('keys a request with a wrong portal secret by its connection address', async () => {
    const { clientId, secret } = await agentOf(ctx);
    const forged = (s: string, source: string) =>
      throughPortal(tokenRequest(ctx, clientId, s), source, `${portalSecret}-forged`);
    expect((await forged('wrong-1', 'forged-1')).status).toBe(401);
    expect((await forged('wrong-2', 'forged-2')).status).toBe(401);
    // A new forged source each time still counts against the one address.
    expect((await forged('wrong-3', 'forged-3')).status).toBe(429);
    expect((await tokenRequest(ctx, clientId, secret)).status).toBe(429);
    // The portal's browsers are a source of their own.
    expect((await throughPortal(tokenRequest(ctx, clientId, secret), 'browser-C')).status).toBe(
      200,
    );
  });

  it('keys a request with a malformed portal source by its connection address', async () => {
    const { clientId } = await agentOf(ctx);
    const malformed = (s: string, source: string) =>
      throughPortal(tokenRequest(ctx, clientId, s), source);
    expect((await malformed('wrong-1', 'has space')).status).toBe(401);
    expect((await malformed('wrong-2', 'x'.repeat(129))).status).toBe(401);
    expect((await tokenRequest(ctx, clientId, 'wrong-3')).status).toBe(429);
  });

  it('locks out per portal browser at revocation too', async () => {
    const { clientId, secret } = await agentOf(ctx);
    const revoke = (s: string, source: string) =>
      throughPortal(
        request(ctx.app.callback())
          .post('/oauth2/revoke')
          .type('form')
          .send({ token: 'not-a-token', client_id: clientId, client_secret: s }),
        source,
      );
    expect((await revoke('wrong-1', 'browser-D')).status).toBe(401);
    expect((await revoke('wrong-2', 'browser-D')).status).toBe(401);
    expect((await revoke(secret, 'browser-D')).status).toBe(429);
    expect((await revoke(secret, 'browser-E')).status).toBe(200);
  });
});

describe('token endpoint lockout without PORTAL_SOURCE_SECRET', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp({ FAILED_AUTH_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => ctx.close());

  it('ignores the portal headers and keys every request by its address', async () => {
    const { clientId, secret } = await agentOf(ctx);
    const from = (s: string, source: string) =>
      throughPortal(tokenRequest(ctx, clientId, s), source);
    expect((await from('wrong-1', 'browser-A')).status).toBe(401);
    expect((await from('wrong-2', 'browser-A')).status).toBe(401);
    expect((await from(secret, 'browser-B')).status).toBe(429);
  });
});
