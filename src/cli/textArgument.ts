import type { z } from 'zod';

/** A command-line value checked by the same schema the API uses; a clear error otherwise. */
export function requireText<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`The ${what} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
}
