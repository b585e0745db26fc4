// Whether a request's Content-Type says JSON. The portal's write routes take
// nothing else: a form or text/plain body is what a page on another site can
// send with the session cookie and without a CORS preflight.

/** True for `application/json` with any parameters (`; charset=utf-8`), in any letter case. */
export function isJsonMediaType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return essence === 'application/json';
}
