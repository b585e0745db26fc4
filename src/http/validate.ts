import type { z } from 'zod';
import { ValidationError } from '../errors.js';

// Parses untrusted input with a zod schema; failures become a 400 naming each field.
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: 'query' | 'body' | 'params' | 'header',
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
