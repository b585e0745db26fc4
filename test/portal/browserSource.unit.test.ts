import { describe, expect, it } from '@jest/globals';
import {
  BROWSER_ID_COOKIE,
  browserIdCookieOptions,
  browserIdFrom,
  newBrowserId,
  portalSourceHeaders,
} from '../../portal/lib/browserSource.js';
import { SESSION_COOKIE } from '../../portal/lib/sessionCookie.js';

// The source pattern the API accepts in X-Portal-Source.
const apiSourcePattern = /^[A-Za-z0-9:._-]{1,128}$/;

describe('newBrowserId', () => {
  it('is 128 random bits in base64url, a source the API accepts', () => {
    const id = newBrowserId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(id).toMatch(apiSourcePattern);
  });

  it('differs from browser to browser', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newBrowserId()));
    expect(ids.size).toBe(100);
  });
});

describe('browserIdFrom', () => {
  it('takes back an id the portal made', () => {
    const id = newBrowserId();
    expect(browserIdFrom(id)).toBe(id);
  });

  it('refuses anything that is not one, so a tampered cookie never reaches a header', () => {
    for (const value of [
      undefined,
      '',
      'short',
      `${newBrowserId()}x`,
      'a'.repeat(21) + '\n',
      'a b'.padEnd(22, 'c'),
    ])
      expect(browserIdFrom(value)).toBeUndefined();
  });
});

describe('browserIdCookieOptions', () => {
  it('is long-lived, httpOnly, SameSite=Lax and site-wide, Secure over https', () => {
    expect(browserIdCookieOptions(false)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/',
      maxAge: 400 * 24 * 60 * 60,
    });
    expect(browserIdCookieOptions(true)).toMatchObject({ secure: true });
  });

  it('is a cookie of its own, not the session', () => {
    expect(BROWSER_ID_COOKIE).not.toBe(SESSION_COOKIE);
  });
});

describe('portalSourceHeaders', () => {
  it('names the browser with the shared secret when the portal has one', () => {
    const secret = 'portal-source-secret-for-tests-0123456789';
    expect(portalSourceHeaders(secret, 'Abc_def-0123456789ABCD')).toEqual({
      'x-portal-secret': secret,
      'x-portal-source': 'Abc_def-0123456789ABCD',
    });
  });

  it('sends nothing without PORTAL_SOURCE_SECRET', () => {
    expect(portalSourceHeaders(undefined, 'Abc_def-0123456789ABCD')).toEqual({});
  });
});
