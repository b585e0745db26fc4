// What the portal's proxy does with a request before any page or route sees it.
import { isCrossOriginWrite } from '#lib/requestOrigin';
import { isHttpsRequest } from '#lib/sessionCookie';

export interface GuardedRequest {
  method: string;
  headers: { get(name: string): string | null };
  /** TRUST_PROXY, read when the server runs. */
  trustProxy: boolean;
}

export type GuardOutcome =
  | { refuse: { status: 403; title: string; detail: string } }
  | { refuse?: undefined; hsts: boolean };

/** Refuses cross-site writes (403, never Next's 500); otherwise says whether to send HSTS. */
export function guardRequest({ method, headers, trustProxy }: GuardedRequest): GuardOutcome {
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
