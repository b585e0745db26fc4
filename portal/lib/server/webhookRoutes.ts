// Handlers behind /portal-api/webhooks/*: check what the browser sends, then
// forward to /api/webhooks with the session's token. A 400 from the API (a
// refused URL, say) is passed on as it is, so the form can name the field.
import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import {
  createdWebhookSubscription,
  webhookDeliveriesPage,
  webhookSubscriptions,
  webhookTestSent,
} from '#lib/webhookSchemas';
import { apiEndpoint, portalConfig } from '#lib/server/config';
import { invalidFieldResponse, PROBLEM_HEADERS, problemResponse } from '#lib/server/problem';
import { readJsonBody } from '#lib/server/readJsonBody';
import { endSession, readAccessToken } from '#lib/server/session';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cursorPattern = /^[A-Za-z0-9_-]{1,2000}$/;

async function sendToApi(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  schema: z.ZodType | undefined,
  body?: unknown,
): Promise<Response> {
  const accessToken = await readAccessToken();
  if (accessToken === undefined) return problemResponse(401, 'Not signed in');
  let upstream: Response;
  try {
    upstream = await fetch(apiEndpoint(path), {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
      signal: AbortSignal.timeout(portalConfig().apiTimeoutMs),
    });
  } catch {
    return problemResponse(502, 'Webhook service unavailable');
  }
  if (upstream.status === 401 || upstream.status === 403) {
    await endSession();
    return problemResponse(
      upstream.status,
      upstream.status === 401 ? 'Session expired' : 'Not a tenant admin',
    );
  }
  if (upstream.status === 400 || upstream.status === 404) {
    const problem = await upstream.json().catch(() => ({}));
    return Response.json(problem, { status: upstream.status, headers: PROBLEM_HEADERS });
  }
  if (!upstream.ok) {
    return problemResponse(502, 'Webhook service error', `The API answered ${upstream.status}.`);
  }
  if (schema === undefined) return new Response(null, { status: upstream.status });
  const parsed = schema.safeParse(await upstream.json().catch(() => undefined));
  if (!parsed.success) return problemResponse(502, 'Unexpected response from the webhook service');
  return Response.json(parsed.data, {
    status: upstream.status,
    headers: { 'cache-control': 'no-store' },
  });
}

function badId(): Response {
  return problemResponse(404, 'No such webhook subscription');
}

export function listWebhooks(): Promise<Response> {
  return sendToApi('GET', '/api/webhooks', webhookSubscriptions);
}

export async function createWebhook(request: NextRequest): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const body = read.body;
  if (typeof body !== 'object' || body === null) {
    return problemResponse(400, 'Invalid request', 'Send a JSON object with url and events.');
  }
  return sendToApi('POST', '/api/webhooks', createdWebhookSubscription, body);
}

export function deleteWebhook(id: string): Promise<Response> | Response {
  if (!uuid.test(id)) return badId();
  return sendToApi('DELETE', `/api/webhooks/${id}`, undefined);
}

export function sendTestWebhook(id: string): Promise<Response> | Response {
  if (!uuid.test(id)) return badId();
  return sendToApi('POST', `/api/webhooks/${id}/test`, webhookTestSent);
}

export function listDeliveries(id: string, request: NextRequest): Promise<Response> | Response {
  if (!uuid.test(id)) return badId();
  const cursor = request.nextUrl.searchParams.get('cursor');
  if (cursor !== null && !cursorPattern.test(cursor)) {
    return invalidFieldResponse('cursor', 'is not a cursor of this listing');
  }
  const query = cursor === null ? '' : `?cursor=${cursor}`;
  return sendToApi('GET', `/api/webhooks/${id}/deliveries${query}`, webhookDeliveriesPage);
}
