import { describe, expect, it } from '@jest/globals';
import {
  contentSecurityPolicy,
  HSTS_HEADER,
  scriptNonce,
  securityHeaders,
} from '../../portal/lib/securityHeaders.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows no remote origin in any directive', () => {
    for (const values of directives(contentSecurityPolicy(false, 'bm9uY2U=')).values()) {
      for (const value of values)
        expect(value).toMatch(/^('[a-z-]+'|'nonce-bm9uY2U='|data:|blob:)$/);
    }
  });

  it('forbids framing, plugins and foreign form targets', () => {
    const policy = directives(contentSecurityPolicy(false, 'bm9uY2U='));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('lets scripts run only with the nonce, or when loaded by a script that has it', () => {
    const scripts = directives(contentSecurityPolicy(false, 'bm9uY2U=')).get('script-src');
    expect(scripts).toContain("'nonce-bm9uY2U='");
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-inline'");
  });

  it("adds 'unsafe-eval' only in development", () => {
    expect(directives(contentSecurityPolicy(false, 'bm9uY2U=')).get('script-src')).not.toContain(
      "'unsafe-eval'",
    );
    expect(directives(contentSecurityPolicy(true, 'bm9uY2U=')).get('script-src')).toContain(
      "'unsafe-eval'",
    );
  });
});

describe('scriptNonce', () => {
  it('is 128 random bits, new each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, scriptNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});

describe('securityHeaders', () => {
  it('sends the clickjacking, sniffing and referrer headers', () => {
    const headers = new Map(securityHeaders().map(({ key, value }) => [key, value]));
    expect(headers.get('X-Frame-Options')).toBe('DENY');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.has('Strict-Transport-Security')).toBe(false);
    // Set per response by the proxy, with that response's nonce.
    expect(headers.has('Content-Security-Policy')).toBe(false);
    expect(HSTS_HEADER.value).toMatch(/^max-age=\d{8,}/);
  });
});
