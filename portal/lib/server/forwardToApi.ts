// Forwards a browser request for analytics to the API with the session's bearer token,
// and hands back only a body that matches the API's contract.
import 'server-only';
import type { z } from 'zod';
import { apiEndpoint, portalConfig } from '#lib/server/config';
import { problemResponse } from '#lib/server/problem';
import { endSession, readAccessToken } from '#lib/server/session';

export async function forwardToApi(path: string, schema: z.ZodType): Promise<Response> {
  const accessToken = await readAccessToken();
  if (accessToken === undefined) return problemResponse(401, 'Not signed in');

  let upstream: Response;
  try {
    upstream = await fetch(apiEndpoint(path), {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(portalConfig().apiTimeoutMs),
    });
  } catch {
    return problemResponse(502, 'Analytics service unavailable');
  }

  if (upstream.status === 401 || upstream.status === 403) {
    // The token is expired, revoked or not an admin's: the session is over either way.
    await endSession();
    return problemResponse(
      upstream.status,
      upstream.status === 401 ? 'Session expired' : 'Not a tenant admin',
    );
  }
  if (!upstream.ok) {
    return problemResponse(502, 'Analytics service error', `The API answered ${upstream.status}.`);
  }

  const parsed = schema.safeParse(await upstream.json().catch(() => undefined));
  if (!parsed.success) {
    return problemResponse(502, 'Unexpected response from the analytics service');
  }
  return Response.json(parsed.data, { headers: { 'cache-control': 'no-store' } });
}
