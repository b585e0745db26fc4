import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

const liveResponse = z.object({ status: z.literal('ok') });
const readyResponse = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    failing: z.array(z.string()),
    checks: z.record(
      z.string(),
      z.object({
        ok: z.boolean(),
        details: z.record(z.string(), z.unknown()).optional(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'Readiness' });

/** Health probes and this document itself; all public. */
export function registerServicePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/health/live',
    tags: ['service'],
    summary: 'Liveness: the process answers',
    responses: {
      200: { description: 'Alive', content: { 'application/json': { schema: liveResponse } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/health/ready',
    tags: ['service'],
    summary: 'Readiness: Postgres and Redis answer',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: readyResponse } } },
      503: {
        description: 'A dependency is failing; `failing` names it',
        content: { 'application/json': { schema: readyResponse } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: ['service'],
    summary: 'This OpenAPI 3.1 document',
    responses: {
      200: {
        description: 'OpenAPI document',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
}
