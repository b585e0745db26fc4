import { describe, expect, it } from '@jest/globals';
import { isCrossOriginWrite, type WriteRequest } from '../../portal/lib/requestOrigin.js';

const signIn = (overrides: Partial<WriteRequest>): WriteRequest => ({
  method: 'POST',
  origin: 'https://portal.example.com',
  host: 'portal.example.com',
  forwardedHost: null,
  trustProxy: false,
  ...overrides,
});

describe('isCrossOriginWrite', () => {
  it('lets same-origin posts and posts without Origin through', () => {
    expect(isCrossOriginWrite(signIn({}))).toBe(false);
    expect(isCrossOriginWrite(signIn({ origin: null }))).toBe(false);
    expect(isCrossOriginWrite(signIn({ origin: 'http://portal.example.com' }))).toBe(false);
  });

  it('never refuses a safe method', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(isCrossOriginWrite(signIn({ method, origin: 'https://evil.example' }))).toBe(false);
    }
  });

  it('refuses a post from another origin, from an opaque origin, or with a malformed Origin', () => {
    for (const origin of [
      'https://evil.example',
      'https://portal.example.com:8443',
      'null',
      'not a url',
      'https://',
    ]) {
      expect({ origin, refused: isCrossOriginWrite(signIn({ origin })) }).toEqual({
        origin,
        refused: true,
      });
    }
  });

  it('refuses whatever Next itself would refuse, so it never answers 500', () => {
    // Next compares the Origin with X-Forwarded-Host when one is sent.
    expect(isCrossOriginWrite(signIn({ forwardedHost: 'other.example' }))).toBe(true);
    expect(isCrossOriginWrite(signIn({ host: null }))).toBe(true);
  });

  it('takes X-Forwarded-Host as the site only behind a trusted proxy', () => {
    const proxied = signIn({ host: '10.0.0.5:3000', forwardedHost: 'portal.example.com' });
    expect(isCrossOriginWrite(proxied)).toBe(true);
    expect(isCrossOriginWrite({ ...proxied, trustProxy: true })).toBe(false);
    expect(
      isCrossOriginWrite({
        ...proxied,
        forwardedHost: 'portal.example.com, evil',
        trustProxy: true,
      }),
    ).toBe(false);
  });
});
