import type { Context } from 'koa';

/**
 * The request's Authorization header, or undefined without one; `repeated`
 * when it was sent more than once. Node keeps only the first of repeated
 * Authorization headers, while a proxy in front may act on the last: a
 * request that names two callers is refused rather than read as either.
 * Counted on the raw headers, which allocates nothing on the token path.
 */
export function authorizationHeader(ctx: Context): {
  value: string | undefined;
  repeated: boolean;
} {
  const raw = ctx.req.rawHeaders;
  let sent = 0;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    if (name.length === 13 && name.toLowerCase() === 'authorization') sent += 1;
  }
  return { value: ctx.get('authorization') || undefined, repeated: sent > 1 };
}
