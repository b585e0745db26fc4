// The JSON body of a request to one of the portal's write routes.
import 'server-only';
import { isJsonMediaType } from '#lib/jsonMediaType';

export type JsonBody = { ok: true; body: unknown } | { ok: false; response: Response };

const PROBLEM_HEADERS = {
  'content-type': 'application/problem+json',
  'cache-control': 'no-store',
};

function problem(status: 400 | 415, title: string, message: string): Response {
  return Response.json(
    { type: 'about:blank', title, status, errors: [{ field: 'body', message }] },
    { status, headers: PROBLEM_HEADERS },
  );
}

/** The parsed body; 415 unless it is sent as application/json, 400 when it is not JSON. Nothing is forwarded then. */
export async function readJsonBody(request: Request): Promise<JsonBody> {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    return {
      ok: false,
      response: problem(415, 'Unsupported Media Type', 'Send the body as application/json.'),
    };
  }
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: problem(400, 'Invalid request', 'The body is not valid JSON.') };
  }
}
