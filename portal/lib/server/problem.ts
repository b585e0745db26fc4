// RFC 9457 problem responses from the portal's own route handlers.
import 'server-only';

export function problemResponse(status: number, title: string, detail?: string): Response {
  return Response.json(
    { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) },
    {
      status,
      headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    },
  );
}
