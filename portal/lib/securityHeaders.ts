// Response headers for every portal page and route: the fixed ones applied from
// next.config.ts, the content security policy from proxy.ts.

export interface HeaderRule {
  key: string;
  value: string;
}

/** A fresh nonce for one response's scripts: 128 random bits, base64. */
export function scriptNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The policy of one response. Scripts run only with this response's nonce
 * (Next reads it from the request's policy and puts it on its own script
 * tags), or when loaded by such a script ('strict-dynamic'), so an injected
 * inline script never runs. Styles keep 'unsafe-inline': the charts set style
 * attributes, which a nonce cannot cover. Development adds 'unsafe-eval' for
 * React's debugging. No remote origin is allowed anywhere: the browser only
 * ever talks to the portal.
 */
export function contentSecurityPolicy(isDev: boolean, nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every response's headers but the policy, which proxy.ts sets per response. */
export function securityHeaders(): HeaderRule[] {
  return [
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}

/** Only sent when the request came in over https; HSTS over plain http is meaningless. */
export const HSTS_HEADER: HeaderRule = {
  key: 'Strict-Transport-Security',
  value: 'max-age=63072000; includeSubDomains',
};
