import { z } from 'zod';

// Query-string building blocks. Koa hands over strings (arrays when a name
// repeats, which these refuse), so numbers are parsed strictly: "1.5", "1e1",
// "0x10" and "" are not integers, unlike with z.coerce.
export function integerParam(options: {
  min: number;
  max: number;
  default: number;
  maxMessage?: string;
  description: string;
}) {
  return z
    .string()
    .regex(/^[+-]?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(
      // The bounds first, each ending the checks: a value past them is named
      // once, by its bound, and not again as beyond a safe integer.
      z
        .number()
        .min(options.min, { message: `must be at least ${options.min}`, abort: true })
        .max(options.max, {
          message: options.maxMessage ?? `must be at most ${options.max}`,
          abort: true,
        })
        .int(),
    )
    .optional()
    .transform((value) => value ?? options.default)
    .meta({
      description: options.description,
      param: { description: options.description },
      type: 'integer',
      minimum: options.min,
      maximum: options.max,
      default: options.default,
    });
}

// Upper- and lower-case hex name the same id; ids are stored, compared and put
// into stream names in lower case.
export const uuidParam = z.uuid({ message: 'must be a UUID' }).overwrite((id) => id.toLowerCase());

export const cursorParam = z
  .string()
  .min(1)
  .max(2000)
  .optional()
  .meta({ description: 'Opaque cursor from the previous page’s `next_cursor`.' });

/** For endpoints that take no query parameters at all. */
export const noQueryParams = z.strictObject({});
