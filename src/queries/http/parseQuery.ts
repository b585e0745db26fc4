import type { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { parseOrThrow } from '../../http/validate.js';

/** Parses a query string strictly: an unknown parameter is a 400 naming that parameter. */
export function parseQuery<S extends z.ZodObject>(schema: S, query: unknown): z.infer<S> {
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(query ?? {}).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((field) => ({ field, message: 'is not a known parameter' })),
    );
  }
  return parseOrThrow(schema, query, 'query');
}
