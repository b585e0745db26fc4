import type { Context } from 'koa';
import { z } from 'zod';
import { NotAcceptableError, ValidationError } from '../../errors.js';

/** What a GET answer can be sent as: the JSON document, or an export of its rows. */
export type AnswerFormat = 'json' | 'csv' | 'ndjson';
export type ExportFormat = Exclude<AnswerFormat, 'json'>;

export const formatParam = 'format';

const mediaTypes: Record<AnswerFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
};
const formats = Object.keys(mediaTypes) as AnswerFormat[];

export function mediaTypeOf(format: AnswerFormat): string {
  return mediaTypes[format];
}

function isFormat(value: unknown): value is AnswerFormat {
  return typeof value === 'string' && (formats as string[]).includes(value);
}

/**
 * The format the caller asked for. `?format=` wins over `Accept`: a download
 * link cannot set headers, and a browser following one sends its own Accept.
 * Without either, JSON, as before exports existed.
 */
export function answerFormat(ctx: Context): AnswerFormat {
  ctx.vary('Accept');
  const requested = ctx.query[formatParam];
  if (requested !== undefined) {
    if (isFormat(requested)) return requested;
    throw new ValidationError([
      { field: formatParam, message: `must be one of ${formats.join(', ')}` },
    ]);
  }
  const accepted = ctx.accepts(Object.values(mediaTypes));
  const format = formats.find((candidate) => mediaTypes[candidate] === accepted);
  if (format) return format;
  throw new NotAcceptableError([
    {
      field: formatParam,
      message: `Accept names none of ${Object.values(mediaTypes).join(', ')}; or pass format=${formats.join('|')}`,
    },
  ]);
}

/** The query string without `format`, for the endpoint's own strict parameter schema. */
export function withoutFormat(query: Context['query']): Context['query'] {
  const { [formatParam]: _format, ...rest } = query;
  return rest;
}

/** The `format` parameter, for the OpenAPI document. */
export const formatQuery = z.strictObject({
  [formatParam]: z
    .enum(formats as [AnswerFormat, ...AnswerFormat[]])
    .optional()
    .meta({ description: 'json (default), csv or ndjson; wins over Accept.' }),
});
