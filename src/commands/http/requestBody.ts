import { bodyParser } from '@koa/bodyparser';
import type { Middleware, ParameterizedContext } from 'koa';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../errors.js';

// Body readers for the command endpoints: the content type is checked before
// anything is read, and parser failures become our own errors.

function hasBody(ctx: ParameterizedContext): boolean {
  return ctx.get('transfer-encoding') !== '' || Number(ctx.get('content-length') || 0) > 0;
}

function mapParserError(error: unknown, limit: string): Error {
  const failure = error as { status?: number; type?: string };
  if (failure.status === 413 || failure.type === 'entity.too.large') {
    return new PayloadTooLargeError(`The request body exceeds ${limit}`);
  }
  if (failure.status === 415) return new UnsupportedMediaTypeError('Unsupported charset');
  if (failure.status === 400) {
    return new ValidationError([{ field: 'body', message: 'is not well-formed' }]);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** JSON object bodies; an empty body reads as {}. */
export function jsonBody(limit: string): Middleware {
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: limit, encoding: 'utf-8' });
  return async (ctx, next) => {
    if (hasBody(ctx) && !ctx.is('application/json')) {
      throw new UnsupportedMediaTypeError('Send the body as application/json');
    }
    try {
      await parse(ctx, async () => {});
    } catch (error) {
      throw mapParserError(error, limit);
    }
    await next();
  };
}

/**
 * application/x-www-form-urlencoded bodies as flat string parameters.
 * `onWrongType` lets the token endpoint answer in its own error format.
 * Repeated parameters are reported through `duplicates`.
 */
export function formBody(limit: string, onWrongType: () => Error): Middleware {
  const parse = bodyParser({ enableTypes: ['form'], formLimit: limit, encoding: 'utf-8' });
  return async (ctx, next) => {
    if (!ctx.is('application/x-www-form-urlencoded')) throw onWrongType();
    try {
      await parse(ctx, async () => {});
    } catch (error) {
      throw mapParserError(error, limit);
    }
    const params = new URLSearchParams(String(ctx.request.rawBody ?? ''));
    const values: Record<string, string> = {};
    const duplicates: string[] = [];
    for (const [key, value] of params) {
      if (Object.hasOwn(values, key)) duplicates.push(key);
      values[key] = value;
    }
    ctx.state.form = { values, duplicates };
    await next();
  };
}

export interface FormState {
  values: Record<string, string>;
  duplicates: string[];
}
