// The JSON body of a request to one of the portal's write routes.
import 'server-only';
import { isJsonMediaType } from '#lib/jsonMediaType';
import { fieldProblemResponse, invalidFieldResponse } from '#lib/server/problem';

export type JsonBody = { ok: true; body: unknown } | { ok: false; response: Response };

/**
 * The most a write route reads: its forms send a few hundred bytes, and the
 * API refuses more than 64 kB anyway. Checked here because Next cuts longer
 * bodies short, which would otherwise read as malformed JSON.
 */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

function tooLarge(): JsonBody {
  return {
    ok: false,
    response: fieldProblemResponse(
      413,
      'Content Too Large',
      'body',
      `must be at most ${JSON_BODY_LIMIT_BYTES} bytes`,
    ),
  };
}

/**
 * The parsed body; 415 unless it is sent as application/json, 413 when
 * larger than JSON_BODY_LIMIT_BYTES, 400 when it is not JSON. Nothing is
 * forwarded then.
 */
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
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > JSON_BODY_LIMIT_BYTES) return tooLarge();
  let bytes: ArrayBuffer;
  try {
    bytes = await request.arrayBuffer();
  } catch {
    return { ok: false, response: invalidFieldResponse('body', 'could not be read') };
  }
  if (bytes.byteLength > JSON_BODY_LIMIT_BYTES) return tooLarge();
  try {
    return {
      ok: true,
      body: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown,
    };
  } catch {
    return { ok: false, response: invalidFieldResponse('body', 'is not valid JSON') };
  }
}
