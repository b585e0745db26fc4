import type { Context } from 'koa';

/**
 * The request's Authorization header, or undefined without one; `repeated`
 * when it was sent more than once. Node keeps only the first of repeated
 * Authorization headers, while a proxy in front may act on the last: a
 * request that names two callers is refused rather than read as either.
 */
export function authorizationHeader(ctx: Context): {
  value: string | undefined;
  repeated: boolean;
} {
  const sent = ctx.req.headersDistinct['authorization'] ?? [];
  return { value: sent[0] || undefined, repeated: sent.length > 1 };
}
