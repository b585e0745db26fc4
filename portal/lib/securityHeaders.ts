// Response headers for every portal page and route, applied from next.config.ts.

export interface HeaderRule {
  key: string;
  value: string;
}

/**
 * Nonce-free so pages stay static-capable under `next start`. Next's inline bootstrap
 * scripts need 'unsafe-inline'; development adds 'unsafe-eval' for React's debugging.
 * No remote origin is allowed anywhere: the browser only ever talks to the portal.
 */
export function contentSecurityPolicy(isDev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
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

export function securityHeaders(isDev: boolean): HeaderRule[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(isDev) },
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
