import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { oauthErrorCodes } from '../../contract.js';
import { agentIdParams, agentQuotaBody, registerAgentBody, updateAgentBody } from './schemas.js';
import { agentView } from '../../readModels/agents/response.js';
import { jsonResponse, problemResponses } from '../../http/openapi/responses.js';
import { bearerAuth } from '../../http/openapi/registry.js';

// The write side and the OAuth2 endpoints. Agent bodies are the command
// handlers' own schemas; the token request is documented as the wire format
// RFC 6749 defines (the handler parses leniently to answer in RFC 6749 form).

export const agentBody = registerAgentBody.meta({ id: 'AgentBody' });

export const agentPatchBody = updateAgentBody.meta({ id: 'AgentPatch' });

export const agentQuotaRequest = agentQuotaBody.meta({
  id: 'AgentQuotaBody',
  description:
    'Tokens per UTC hour, day or calendar month; monitor counts only, enforce refuses tokens past the limit (429 quota_exceeded).',
});

const agentCredentials = z
  .object({
    agent_id: z.uuid(),
    client_id: z.string(),
    client_secret: z.string().meta({ description: 'Shown once; only its hash is stored.' }),
  })
  .meta({ id: 'AgentCredentials' });

const registeredAgent = agentView
  .extend({ client_secret: agentCredentials.shape.client_secret })
  .meta({ id: 'RegisteredAgent' });

export const tokenRequest = z
  .object({
    grant_type: z.literal('client_credentials'),
    client_id: z
      .string()
      .optional()
      .meta({ description: 'With client_secret, when not using HTTP Basic.' }),
    client_secret: z.string().optional(),
    scope: z.string().optional().meta({ description: 'Space-separated scope tokens.' }),
  })
  .meta({ id: 'TokenRequest' });

export const tokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive(),
    scope: z.string(),
  })
  .meta({ id: 'TokenResponse' });

export const oauthError = z
  .object({
    error: z.enum(oauthErrorCodes),
    error_description: z.string().optional(),
  })
  .meta({ id: 'OAuthError' });

const jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'JsonWebKeySet' });

const security = [{ [bearerAuth]: [] }];
const adminProblems = problemResponses(400, 401, 403);

export function registerCommandPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/agents',
    tags: ['agents'],
    summary: 'Register an agent (an OAuth2 client)',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: agentBody } } } },
    responses: {
      201: jsonResponse('Registered; the secret is shown once', registeredAgent),
      ...adminProblems,
    },
  });
  registry.registerPath({
    method: 'patch',
    path: '/api/agents/{id}',
    tags: ['agents'],
    summary: 'Update an agent',
    security,
    request: {
      params: agentIdParams,
      body: { required: true, content: { 'application/json': { schema: agentPatchBody } } },
    },
    responses: {
      200: jsonResponse('Updated', agentView),
      ...adminProblems,
      ...problemResponses(404, 409),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/agents/{id}/rotate-secret',
    tags: ['agents'],
    summary: 'Issue a new client secret; the old one stops working',
    security,
    request: { params: agentIdParams },
    responses: {
      200: jsonResponse('New credentials, shown once', agentCredentials),
      ...adminProblems,
      ...problemResponses(404, 409),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/agents/{id}/deactivate',
    tags: ['agents'],
    summary: 'Deactivate an agent; it can no longer obtain tokens',
    security,
    request: { params: agentIdParams },
    responses: {
      200: jsonResponse('Deactivated', agentView),
      ...adminProblems,
      ...problemResponses(404, 409),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/agents/{id}',
    tags: ['agents'],
    summary: 'Deactivate an agent (its history stays in the log)',
    security,
    request: { params: agentIdParams },
    responses: { 204: { description: 'Deactivated' }, ...adminProblems, ...problemResponses(404) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/agents/{id}/quota',
    tags: ['agents'],
    summary: 'Set (or replace) the agent’s token quota',
    security,
    request: {
      params: agentIdParams,
      body: { required: true, content: { 'application/json': { schema: agentQuotaRequest } } },
    },
    responses: {
      200: jsonResponse('The agent with its quota', agentView),
      ...adminProblems,
      ...problemResponses(404, 409, 412),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/agents/{id}/quota',
    tags: ['agents'],
    summary: 'Remove the agent’s token quota',
    security,
    request: { params: agentIdParams },
    responses: {
      200: jsonResponse('The agent without a quota', agentView),
      ...adminProblems,
      ...problemResponses(404, 412),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/oauth2/token',
    tags: ['oauth2'],
    summary: 'Client credentials grant (RFC 6749 section 4.4)',
    description:
      'Client authentication by HTTP Basic or by client_id and client_secret in the form.',
    request: {
      body: {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: tokenRequest } },
      },
    },
    responses: {
      200: jsonResponse('An access token (JWT)', tokenResponse),
      400: jsonResponse('Invalid request, grant or scope', oauthError),
      401: jsonResponse('Client authentication failed', oauthError),
      413: jsonResponse('The body is too large (invalid_request)', oauthError),
      415: jsonResponse('The body is compressed or not UTF-8 (invalid_request)', oauthError),
      429: jsonResponse(
        'Too many requests or failed secrets (slow_down), or an enforced agent quota used up (quota_exceeded); Retry-After',
        oauthError,
      ),
      ...problemResponses(503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/.well-known/jwks.json',
    tags: ['oauth2'],
    summary: 'Public keys that verify access tokens',
    responses: { 200: jsonResponse('JSON Web Key Set', jwks) },
  });
  registry.registerPath({
    method: 'get',
    path: '/.well-known/openid-configuration',
    tags: ['oauth2'],
    summary: 'Authorization server metadata',
    responses: {
      200: jsonResponse(
        'Discovery document',
        z
          .object({ issuer: z.url(), token_endpoint: z.url(), jwks_uri: z.url() })
          .catchall(z.unknown()),
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['service'],
    summary: 'Prometheus metrics',
    responses: {
      200: {
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
  });
}
