import type { Middleware } from 'koa';
import { UnsupportedMediaTypeError, ValidationError } from '../../errors.js';
import { hasBody, readBodyText } from '../../http/readBody.js';

// Body readers for the command endpoints: the content type is checked before
// anything is read, and the bytes must be well-formed UTF-8.

/** JSON bodies into `ctx.state.body`; an empty body reads as {}. The schema decides which shapes are valid. */
export function jsonBody(limit: string): Middleware {
  return async (ctx, next) => {
    if (!hasBody(ctx)) {
      ctx.state.body = {};
      return next();
    }
    if (!ctx.is('application/json')) {
      throw new UnsupportedMediaTypeError('Send the body as application/json');
    }
    const text = await readBodyText(ctx, limit);
    if (text.trim() === '') {
      ctx.state.body = {};
    } else {
      try {
        ctx.state.body = JSON.parse(text) as unknown;
      } catch {
        throw new ValidationError([{ field: 'body', message: 'is not well-formed JSON' }]);
      }
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
  return async (ctx, next) => {
    if (!ctx.is('application/x-www-form-urlencoded')) throw onWrongType();
    const params = new URLSearchParams(await readBodyText(ctx, limit));
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

export interface JsonBodyState {
  body: unknown;
}

export interface FormState {
  values: Record<string, string>;
  duplicates: string[];
}
