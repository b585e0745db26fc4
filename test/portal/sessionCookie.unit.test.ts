import { describe, expect, it } from '@jest/globals';
import { isHttpsRequest, sessionCookieOptions } from '../../portal/lib/sessionCookie.js';

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
  it('trusts the first X-Forwarded-Proto value', () => {
    expect(isHttpsRequest('https')).toBe(true);
    expect(isHttpsRequest('HTTPS, http')).toBe(true);
    expect(isHttpsRequest('http')).toBe(false);
    expect(isHttpsRequest(null)).toBe(false);
    expect(isHttpsRequest(undefined)).toBe(false);
  });
});
