// What the portal's proxy does with a request before any page or route sees it.
import { isCrossOriginWrite } from '#lib/requestOrigin';
import { isHttpsRequest } from '#lib/sessionCookie';

export interface GuardedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  pathname: string;
  headers: { get(name: string): string | null };
  /** TRUST_PROXY, read when the server runs. */
  trustProxy: boolean;
}

export type GuardOutcome =
  | { refuse: { status: 400 | 403; title: string; detail: string } }
  | { refuse?: undefined; hsts: boolean };

/**
 * Refuses a path that is not valid percent-encoding (400) and cross-site
 * writes (403), where Next would answer 500; otherwise says whether to send HSTS.
 */
export function guardRequest({
  method,
  pathname,
  headers,
  trustProxy,
}: GuardedRequest): GuardOutcome {
  if (!decodesAsUtf8(pathname)) {
    return {
      refuse: {
        status: 400,
        title: 'Bad Request',
        detail: 'The path is not valid percent-encoded UTF-8.',
      },
    };
  }
  const crossOrigin = isCrossOriginWrite({
    method,
    origin: headers.get('origin'),
    host: headers.get('host'),
    forwardedHost: headers.get('x-forwarded-host'),
    trustProxy,
  });
  if (crossOrigin) {
    return {
      refuse: {
        status: 403,
        title: 'Forbidden',
        detail: 'Cross-origin requests may not change anything here.',
      },
    };
  }
  return { hsts: isHttpsRequest(headers.get('x-forwarded-proto'), trustProxy) };
}

function decodesAsUtf8(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
