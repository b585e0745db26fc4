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

/** A 400 naming the field at fault, in the shape the API's own 400s have (`errors[]`). */
export function invalidFieldResponse(field: string, message: string): Response {
  return Response.json(
    {
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      detail: `${field}: ${message}`,
      errors: [{ field, message }],
    },
    {
      status: 400,
      headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    },
  );
}
