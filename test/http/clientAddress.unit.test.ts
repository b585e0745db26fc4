// Behind a trusted proxy the client address is the proxy's last X-Forwarded-For
// entry: a client cannot pick its own address by sending the header itself.
import Router from '@koa/router';
import request from 'supertest';
import { describe, expect, it } from '@jest/globals';
import { createApp } from '../../src/app/app.js';
import { createLogger } from '../../src/logger.js';

function echoAddress(trustProxy: boolean) {
  const router = new Router();
  router.get('/ip', (ctx) => {
    ctx.body = { ip: ctx.ip };
  });
  return createApp({ logger: createLogger({ level: 'silent' }), routers: [router], trustProxy });
}

describe('client address', () => {
  it('is the entry the trusted proxy appended, not one the client sent', async () => {
    const response = await request(echoAddress(true).callback())
      .get('/ip')
      .set('X-Forwarded-For', '203.0.113.66, 198.51.100.7');
    expect(response.body).toEqual({ ip: '198.51.100.7' });
  });

  it('ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const response = await request(echoAddress(false).callback())
      .get('/ip')
      .set('X-Forwarded-For', '203.0.113.66');
    expect(response.body.ip).not.toBe('203.0.113.66');
  });
});
