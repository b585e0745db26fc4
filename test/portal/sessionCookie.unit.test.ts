import { describe, expect, it } from '@jest/globals';
import {
  isHttpsRequest,
  sessionCookieOptions,
  sessionTokenFrom,
} from '../../portal/lib/sessionCookie.js';

describe('sessionCookieOptions', () => {
  it('is httpOnly, SameSite=Lax, site-wide and lives as long as the token', () => {
    expect(sessionCookieOptions(3600, false)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/',
      maxAge: 3600,
    });
  });

  it('is Secure over https and never has a negative or fractional lifetime', () => {
    expect(sessionCookieOptions(899.7, true)).toMatchObject({ secure: true, maxAge: 899 });
    expect(sessionCookieOptions(-5, true).maxAge).toBe(0);
  });
});

describe('isHttpsRequest', () => {
  it('trusts the first X-Forwarded-Proto value behind a trusted proxy', () => {
    expect(isHttpsRequest('https', true)).toBe(true);
    expect(isHttpsRequest('HTTPS, http', true)).toBe(true);
    expect(isHttpsRequest('http', true)).toBe(false);
    expect(isHttpsRequest(null, true)).toBe(false);
    expect(isHttpsRequest(undefined, true)).toBe(false);
  });

  it('ignores X-Forwarded-Proto without TRUST_PROXY: any client can send it', () => {
    expect(isHttpsRequest('https', false)).toBe(false);
    expect(isHttpsRequest('HTTPS, http', false)).toBe(false);
  });
});

describe('sessionTokenFrom', () => {
  const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

  it('passes an access token through', () => {
    expect(sessionTokenFrom(token)).toBe(token);
  });

  it('is no session for a cookie that cannot be a token, such as one carrying CR LF', () => {
    for (const value of [
      undefined,
      '',
      `${token}\r\nX-Injected: 1`,
      `${token}%0D%0AX-Injected:%201`,
      'a.b',
      'a.b.c.d',
      `${token} `,
      'x'.repeat(5000) + '.a.b',
    ]) {
      expect(sessionTokenFrom(value)).toBeUndefined();
    }
  });
});
