// The JSON body of a request to one of the portal's write routes.
import 'server-only';
import { isJsonMediaType } from '#lib/jsonMediaType';
import { fieldProblemResponse, invalidFieldResponse } from '#lib/server/problem';

export type JsonBody = { ok: true; body: unknown } | { ok: false; response: Response };

/** The parsed body; 415 unless it is sent as application/json, 400 when it is not JSON. Nothing is forwarded then. */
export async function readJsonBody(request: Request): Promise<JsonBody> {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    return {
      ok: false,
      response: fieldProblemResponse(
        415,
        'Unsupported Media Type',
        'body',
        'send it as application/json',
      ),
    };
  }
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: invalidFieldResponse('body', 'is not valid JSON') };
  }
}
