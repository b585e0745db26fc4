import type { z } from 'zod';
import { ValidationError } from '../errors.js';

// Parses untrusted input with a zod schema; failures become a 400 naming each
// field. An issue about the input as a whole names `location`: the part of
// the request, or the header, it came from.
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: 'query' | 'body' | 'params' | 'If-Match' | 'If-None-Match',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : location,
      message: issue.message,
    })),
  );
}
