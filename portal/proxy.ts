// Runs before every page and route: refuses cross-site writes with 403 and sends HSTS when
// a trusted proxy says the request came over https.
import { NextResponse, type NextRequest } from 'next/server';
import { guardRequest } from '#lib/requestGuard';
import { HSTS_HEADER } from '#lib/securityHeaders';

// Read per request: TRUST_PROXY belongs to the running server, not to the build.
const trustsProxy = (): boolean => ['true', '1'].includes(process.env.TRUST_PROXY ?? '');

export function proxy(request: NextRequest): NextResponse {
  const outcome = guardRequest({
    method: request.method,
    headers: request.headers,
    trustProxy: trustsProxy(),
  });
  if (outcome.refuse) {
    return NextResponse.json(
      { type: 'about:blank', ...outcome.refuse },
      {
        status: outcome.refuse.status,
        headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
      },
    );
  }
  const response = NextResponse.next();
  if (outcome.hsts) response.headers.set(HSTS_HEADER.key, HSTS_HEADER.value);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
