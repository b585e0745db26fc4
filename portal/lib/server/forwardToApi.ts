// Forwards a browser request for analytics to the API with the session's bearer token,
// and hands back only a body that matches the API's contract, with the zone the API says
// its figures are in (Reporting-Time-Zone).
import 'server-only';
import type { z } from 'zod';
import { forwardedTimeZoneHeader } from '#lib/answerTimeZone';
import { apiEndpoint, portalConfig } from '#lib/server/config';
import { PROBLEM_HEADERS, problemResponse } from '#lib/server/problem';
import { endSession, readAccessToken } from '#lib/server/session';

export interface ForwardOptions {
  /**
   * For an endpoint an older API does not serve: its 404 is answered 200 with
   * this body instead of an error, so the page can say what is missing.
   */
  whenAbsent?: unknown;
  /** Wraps the checked body before it is sent. */
  wrap?: (body: unknown) => unknown;
}

export async function forwardToApi(
  path: string,
  schema: z.ZodType,
  options: ForwardOptions = {},
): Promise<Response> {
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
  if (upstream.status === 404 && options.whenAbsent !== undefined) {
    return Response.json(options.whenAbsent, { headers: { 'cache-control': 'no-store' } });
  }
  if (upstream.status === 400) {
    // The API refused what the browser asked for (a stale cursor, a range that
    // ends before it starts): its problem document names the field.
    const problem: unknown = await upstream.json().catch(() => ({}));
    return Response.json(problem, { status: 400, headers: PROBLEM_HEADERS });
  }
  if (!upstream.ok) {
    return problemResponse(502, 'Analytics service error', `The API answered ${upstream.status}.`);
  }

  const parsed = schema.safeParse(await upstream.json().catch(() => undefined));
  if (!parsed.success) {
    return problemResponse(502, 'Unexpected response from the analytics service');
  }
  const body = options.wrap ? options.wrap(parsed.data) : parsed.data;
  return Response.json(body, {
    headers: { 'cache-control': 'no-store', ...forwardedTimeZoneHeader(upstream.headers) },
  });
}
