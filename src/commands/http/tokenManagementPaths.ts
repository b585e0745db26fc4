import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { oauthError } from './commandPaths.js';
import { bearerAuth } from '../../http/openapi/registry.js';
import { jsonResponse, problemResponses } from '../../http/openapi/responses.js';

// Revocation (RFC 7009), introspection (RFC 7662) and self-revocation.

const tokenManagementRequest = z
  .object({
    token: z.string().meta({ description: 'The access token to revoke or describe.' }),
    token_type_hint: z
      .string()
      .optional()
      .meta({ description: 'Accepted and ignored: every token is an access token.' }),
    client_id: z
      .string()
      .optional()
      .meta({ description: 'With client_secret, when not using HTTP Basic.' }),
    client_secret: z.string().optional(),
  })
  .meta({ id: 'TokenManagementRequest' });

const introspection = z
  .object({
    active: z.boolean(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    token_type: z.literal('Bearer').optional(),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
    sub: z.string().optional(),
    aud: z.string().optional(),
    iss: z.string().optional(),
    jti: z.string().optional(),
    tenant_id: z.uuid().optional(),
    roles: z.array(z.string()).optional(),
  })
  .meta({
    id: 'Introspection',
    description:
      'Only `active: false` for an invalid, expired or revoked token, and for one the client may not see.',
  });

const form = {
  body: {
    required: true,
    content: { 'application/x-www-form-urlencoded': { schema: tokenManagementRequest } },
  },
};
const clientErrors = {
  400: jsonResponse('Invalid request (no token, repeated parameter, wrong body type)', oauthError),
  401: jsonResponse('Client authentication failed', oauthError),
  ...problemResponses(429),
};

export function registerTokenManagementPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/oauth2/revoke',
    tags: ['oauth2'],
    summary: 'Revoke an access token (RFC 7009)',
    description:
      'Client authentication as at the token endpoint. A tenant admin revokes any token of its tenant, an agent its own. Any other token (invalid, expired, foreign) also answers 200 and nothing changes.',
    request: form,
    responses: {
      200: jsonResponse('Revoked, or nothing to revoke', z.object({})),
      ...clientErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/oauth2/introspect',
    tags: ['oauth2'],
    summary: 'Describe an access token (RFC 7662)',
    description:
      'Client authentication as at the token endpoint. A tenant admin may introspect any token of its tenant, an agent its own.',
    request: form,
    responses: { 200: jsonResponse('Token state', introspection), ...clientErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/session/revoke',
    tags: ['oauth2'],
    summary: 'Revoke the bearer token of this request',
    description: 'Any valid token, admin or agent; used by the portal to sign out.',
    security: [{ [bearerAuth]: [] }],
    responses: {
      204: { description: 'Revoked; the token is refused from now on' },
      ...problemResponses(400, 401),
    },
  });
}
