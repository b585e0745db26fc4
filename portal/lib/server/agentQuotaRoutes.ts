// Handlers behind /portal-api/agents/[id]/quota: validate, then forward the
// command to the API with the session's token, passing its answer on.
import 'server-only';
import { z } from 'zod';
import { quotaBodySchema } from '#lib/agentQuota';
import { apiEndpoint, portalConfig } from '#lib/server/config';
import { problemResponse } from '#lib/server/problem';
import { readJsonBody } from '#lib/server/readJsonBody';
import { endSession, readAccessToken } from '#lib/server/session';

const agentId = z.uuid();

export async function setAgentQuota(request: Request, id: string): Promise<Response> {
  if (!agentId.safeParse(id).success) return problemResponse(404, 'No such agent');
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const body = quotaBodySchema.safeParse(read.body);
  if (!body.success) {
    const issue = body.error.issues[0];
    return problemResponse(
      400,
      'Invalid quota',
      `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
    );
  }
  return forwardCommand('PUT', id, body.data, request.headers.get('if-match'));
}

export function removeAgentQuota(request: Request, id: string): Promise<Response> | Response {
  if (!agentId.safeParse(id).success) return problemResponse(404, 'No such agent');
  return forwardCommand('DELETE', id, undefined, request.headers.get('if-match'));
}

// The API's own answers to a command (the agent with its ETag, or a problem
// document naming the field, 404, 409, 412) reach the browser as they are, and
// the browser's If-Match reaches the API; a session the API refuses ends here
// as on every other route.
async function forwardCommand(
  method: 'PUT' | 'DELETE',
  id: string,
  body: unknown,
  ifMatch: string | null,
) {
  const accessToken = await readAccessToken();
  if (accessToken === undefined) return problemResponse(401, 'Not signed in');
  let upstream: Response;
  try {
    upstream = await fetch(apiEndpoint(`/api/agents/${id}/quota`), {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(ifMatch === null ? {} : { 'if-match': ifMatch }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
      signal: AbortSignal.timeout(portalConfig().apiTimeoutMs),
    });
  } catch {
    return problemResponse(502, 'Agent service unavailable');
  }
  if (upstream.status === 401 || upstream.status === 403) {
    await endSession();
    return problemResponse(
      upstream.status,
      upstream.status === 401 ? 'Session expired' : 'Not a tenant admin',
    );
  }
  if (upstream.status >= 500) {
    return problemResponse(502, 'Agent service error', `The API answered ${upstream.status}.`);
  }
  const text = await upstream.text();
  const etag = upstream.headers.get('etag');
  return new Response(text, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
      ...(etag === null ? {} : { etag }),
    },
  });
}
