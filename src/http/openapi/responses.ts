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
