import type { Middleware } from 'koa';

// Tenant data behind a bearer token: no shared or browser cache may keep it.
export function noStore(): Middleware {
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.vary('Authorization');
    await next();
  };
}
