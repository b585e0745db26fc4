// Forwards a CSV download from the API to the browser as it streams: the
// portal holds no more of the file than the sockets do.
import 'server-only';
import { forwardedTimeZoneHeader } from '#lib/answerTimeZone';
import { apiEndpoint, portalConfig } from '#lib/server/config';
import { problemResponse } from '#lib/server/problem';
import { endSession, readAccessToken } from '#lib/server/session';

export async function forwardDownload(path: string): Promise<Response> {
  const accessToken = await readAccessToken();
  if (accessToken === undefined) return problemResponse(401, 'Not signed in');

  // The timeout covers the answer's start only; a long file may take longer to arrive.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), portalConfig().apiTimeoutMs);
  let upstream: Response;
  try {
    upstream = await fetch(apiEndpoint(path), {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'text/csv' },
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch {
    return problemResponse(502, 'Analytics service unavailable');
  } finally {
    clearTimeout(timer);
  }

  if (upstream.status === 401 || upstream.status === 403) {
    await endSession();
    return problemResponse(
      upstream.status,
      upstream.status === 401 ? 'Session expired' : 'Not a tenant admin',
    );
  }
  if (upstream.status === 400) {
    const problem = (await upstream.json().catch(() => ({}))) as { detail?: unknown };
    return problemResponse(
      400,
      'Invalid download',
      typeof problem.detail === 'string' ? problem.detail : undefined,
    );
  }
  const type = upstream.headers.get('content-type') ?? '';
  const disposition = upstream.headers.get('content-disposition') ?? '';
  if (!upstream.ok || !type.startsWith('text/csv') || !disposition.startsWith('attachment')) {
    await upstream.body?.cancel();
    return problemResponse(502, 'Analytics service error', `The API answered ${upstream.status}.`);
  }
  return new Response(upstream.body, {
    headers: {
      'content-type': type,
      'content-disposition': disposition,
      'cache-control': 'no-store',
      ...forwardedTimeZoneHeader(upstream.headers),
    },
  });
}
