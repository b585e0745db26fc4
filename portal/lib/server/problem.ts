// RFC 9457 problem responses from the portal's own route handlers.
import 'server-only';

export const PROBLEM_HEADERS = {
  'content-type': 'application/problem+json',
  'cache-control': 'no-store',
};

export function problemResponse(status: number, title: string, detail?: string): Response {
  return Response.json(
    { type: 'about:blank', title, status, ...(detail === undefined ? {} : { detail }) },
    { status, headers: PROBLEM_HEADERS },
  );
}

/** A problem naming the field at fault, in the shape the API's own refusals have (`errors[]`). */
export function fieldProblemResponse(
  status: number,
  title: string,
  field: string,
  message: string,
): Response {
  return Response.json(
    {
      type: 'about:blank',
      title,
      status,
      detail: `${field}: ${message}`,
      errors: [{ field, message }],
    },
    { status, headers: PROBLEM_HEADERS },
  );
}

/** A 400 naming the field at fault. */
export function invalidFieldResponse(field: string, message: string): Response {
  return fieldProblemResponse(400, 'Invalid request', field, message);
}
