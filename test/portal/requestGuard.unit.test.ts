import { describe, expect, it } from '@jest/globals';
import { guardRequest } from '../../portal/lib/requestGuard.js';

const post = (headers: Record<string, string>, trustProxy = false) =>
  guardRequest({
    method: 'POST',
    pathname: '/portal-api/webhooks',
    headers: new Headers({ host: 'portal.example.com', ...headers }),
    trustProxy,
  });

describe('guardRequest (the portal proxy)', () => {
  it('answers a cross-origin sign-in or sign-out with a 403 problem', () => {
    for (const origin of ['https://evil.example', 'null', 'garbage']) {
      expect(post({ origin, 'next-action': 'abc' }).refuse).toEqual({
        status: 403,
        title: 'Forbidden',
        detail: expect.any(String),
      });
    }
  });

  it('refuses a path that is not valid percent-encoded UTF-8 with a 400 problem', () => {
    const get = (pathname: string) =>
      guardRequest({ method: 'GET', pathname, headers: new Headers(), trustProxy: false });
    for (const pathname of ['/analytics/agents/%E0%A4%A', '/portal-api/webhooks/%ZZ/deliveries']) {
      expect(get(pathname).refuse).toEqual({
        status: 400,
        title: 'Bad Request',
        detail: expect.any(String),
      });
    }
    expect(get('/analytics/agents/%E0%A4%85')).toEqual({ hsts: false });
  });

  it('passes same-origin posts on, with HSTS only when a trusted proxy says https', () => {
    const sameOrigin = { origin: 'http://portal.example.com', 'x-forwarded-proto': 'https' };
    expect(post(sameOrigin)).toEqual({ hsts: false });
    expect(post(sameOrigin, true)).toEqual({ hsts: true });
    expect(post({ 'x-forwarded-proto': 'http' }, true)).toEqual({ hsts: false });
  });
});
