import type { Middleware } from 'koa';
import { ValidationError } from '../../errors.js';

/** For routes that take no query parameters: any one is a 400 naming it, as on query routes. */
export function noQueryParams(): Middleware {
  return async (ctx, next) => {
    const names = Object.keys(ctx.query);
    if (names.length > 0) {
      throw new ValidationError(
        names.map((field) => ({ field, message: 'is not a known parameter' })),
      );
    }
    await next();
  };
}
