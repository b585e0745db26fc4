// Handlers behind /portal-api/tenant/settings: read the tenant's settings and change
// its reporting time zone through the API with the session's token. The API's
// problem documents (400 naming time_zone, 412 for a stale If-Match) pass through,
// so the form can show them next to the field.
import 'server-only';
import { UTC } from '#lib/timeZones';
import { tenantSettingsBodySchema, tenantSettingsSchema } from '#lib/tenantSettings';
import { apiEndpoint, portalConfig } from '#lib/server/config';
import { invalidFieldResponse, PROBLEM_HEADERS, problemResponse } from '#lib/server/problem';
import { readJsonBody } from '#lib/server/readJsonBody';
import { endSession, readAccessToken } from '#lib/server/session';

const PASSED_THROUGH = new Set([400, 404, 409, 412, 428]);

export function getTenantSettings(): Promise<Response> {
  return sendToApi('GET', {});
}

export async function putTenantSettings(request: Request): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const body = tenantSettingsBodySchema.safeParse(read.body);
  if (!body.success) {
    // Named as the API names it, so the form shows either the same way.
    return invalidFieldResponse(
      'time_zone',
      'Choose a time zone (an IANA name such as Asia/Kolkata).',
    );
  }
  const ifMatch = request.headers.get('if-match');
  return sendToApi('PUT', {
    body: body.data,
    ...(ifMatch === null ? {} : { ifMatch }),
  });
}

async function sendToApi(
  method: 'GET' | 'PUT',
  { body, ifMatch }: { body?: unknown; ifMatch?: string },
): Promise<Response> {
  const accessToken = await readAccessToken();
  if (accessToken === undefined) return problemResponse(401, 'Not signed in');
  let upstream: Response;
  try {
    upstream = await fetch(apiEndpoint('/api/tenant/settings'), {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
      signal: AbortSignal.timeout(portalConfig().apiTimeoutMs),
    });
  } catch {
    return problemResponse(502, 'Settings service unavailable');
  }
  if (upstream.status === 401 || upstream.status === 403) {
    await endSession();
    return problemResponse(
      upstream.status,
      upstream.status === 401 ? 'Session expired' : 'Not a tenant admin',
    );
  }
  if (method === 'GET' && upstream.status === 404) {
    // An API without the setting reports everything in UTC.
    return Response.json({ time_zone: UTC }, { headers: { 'cache-control': 'no-store' } });
  }
  if (PASSED_THROUGH.has(upstream.status)) {
    const problem: unknown = await upstream.json().catch(() => ({}));
    return Response.json(problem, { status: upstream.status, headers: PROBLEM_HEADERS });
  }
  if (!upstream.ok) {
    return problemResponse(502, 'Settings service error', `The API answered ${upstream.status}.`);
  }
  const parsed = tenantSettingsSchema.safeParse(await upstream.json().catch(() => undefined));
  if (!parsed.success) return problemResponse(502, 'Unexpected response from the settings service');
  const etag = upstream.headers.get('etag');
  return Response.json(parsed.data, {
    headers: { 'cache-control': 'no-store', ...(etag === null ? {} : { etag }) },
  });
}
