import type { Middleware } from 'koa';

// A JSON API renders nothing, so the strictest policies cost nothing. Also
// sent with the answers Node's HTTP parser refuses before Koa (clientErrors.ts).
export const apiSecurityHeaders: ReadonlyArray<readonly [string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    for (const [name, value] of apiSecurityHeaders) ctx.set(name, value);
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
  };
}
