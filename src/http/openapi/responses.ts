import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// RFC 9457 problem document as written by middleware/problemDetails.ts.
export const problemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string(),
    request_id: z.string(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'For 400: each invalid field or parameter.' }),
  })
  .meta({ id: 'Problem' });

const meanings: Record<number, string> = {
  400: 'Invalid request; `errors` names each field',
  401: 'Missing, invalid or expired bearer token',
  403: 'The token lacks the required role',
  404: 'Not found',
  409: 'Conflict with the current state',
  406: 'Accept names no format the endpoint answers in; `errors` names `format`',
  429: 'Too many requests',
};

/** Problem responses for the given statuses, for a path's `responses`. */
export function problemResponses(...statuses: number[]): Record<number, ResponseConfig> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: meanings[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: problemDocument } },
      },
    ]),
  );
}

/** A JSON success response for a path's `responses`. */
export function jsonResponse(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON answer that is also sent as a CSV or NDJSON download (src/http/export). */
export function exportableResponse(description: string, schema: z.ZodType): ResponseConfig {
  const text = (format: string) =>
    z.string().meta({ description: `${format} download (Content-Disposition: attachment)` });
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: text('CSV') },
      'application/x-ndjson': { schema: text('One JSON document per line') },
    },
  };
}
