import { describe, expect, it } from '@jest/globals';
import {
  contentSecurityPolicy,
  HSTS_HEADER,
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
    for (const values of directives(contentSecurityPolicy(false)).values()) {
      for (const value of values) expect(value).toMatch(/^('[a-z-]+'|data:|blob:)$/);
    }
  });

  it('forbids framing, plugins and foreign form targets', () => {
    const policy = directives(contentSecurityPolicy(false));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it("adds 'unsafe-eval' only in development", () => {
    expect(directives(contentSecurityPolicy(false)).get('script-src')).not.toContain(
      "'unsafe-eval'",
    );
    expect(directives(contentSecurityPolicy(true)).get('script-src')).toContain("'unsafe-eval'");
  });
});

describe('securityHeaders', () => {
  it('sends the clickjacking, sniffing and referrer headers', () => {
    const headers = new Map(securityHeaders(false).map(({ key, value }) => [key, value]));
    expect(headers.get('X-Frame-Options')).toBe('DENY');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.has('Strict-Transport-Security')).toBe(false);
    expect(HSTS_HEADER.value).toMatch(/^max-age=\d{8,}/);
  });
});
