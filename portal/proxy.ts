// Runs before every page and route: refuses paths that do not decode (400) and
// cross-site writes (403), gives each response a content security policy with a
// nonce of its own, and sends HSTS when a trusted proxy says the request came
// over https.
import { NextResponse, type NextRequest } from 'next/server';
import { guardRequest } from '#lib/requestGuard';
import { contentSecurityPolicy, HSTS_HEADER, scriptNonce } from '#lib/securityHeaders';

// Read per request: TRUST_PROXY belongs to the running server, not to the build.
const trustsProxy = (): boolean => ['true', '1'].includes(process.env.TRUST_PROXY ?? '');
const isDev = process.env.NODE_ENV === 'development';

export function proxy(request: NextRequest): NextResponse {
  const outcome = guardRequest({
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
    trustProxy: trustsProxy(),
  });
  const policy = contentSecurityPolicy(isDev, scriptNonce());
  if (outcome.refuse) {
    return NextResponse.json(
      { type: 'about:blank', ...outcome.refuse },
      {
        status: outcome.refuse.status,
        headers: {
          'content-type': 'application/problem+json',
          'cache-control': 'no-store',
          'content-security-policy': policy,
        },
      },
    );
  }
  // Next renders the page with the nonce it finds in the request's policy.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  if (outcome.hsts) response.headers.set(HSTS_HEADER.key, HSTS_HEADER.value);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
