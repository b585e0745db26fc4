import type { Middleware } from 'koa';

interface MatchedLayer {
  methods: readonly string[];
}

// One answer for every method a path does not serve, whether Node's parser
// knows the method (TRACE, PROPFIND, PUT) or not (see clientErrors.ts): 405
// with the path's methods in Allow, never 501. OPTIONS lists them. A path no
// route serves stays 404 for every method. Runs inside problemDetails, which
// writes the problem document.
export function allowedMethods(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    const matched = ((ctx as { matched?: MatchedLayer[] }).matched ?? []).flatMap(
      (layer) => layer.methods,
    );
    const allowed = [...new Set(matched)];
    if (allowed.length === 0 || allowed.includes(ctx.method)) return;
    ctx.set('Allow', [...new Set([...allowed, 'OPTIONS'])].join(', '));
    if (ctx.method === 'OPTIONS') {
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    ctx.status = 405;
  };
}
