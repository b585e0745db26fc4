// Cross-site request forgery guard for the portal's state-changing requests (sign-in and
// sign-out are server actions, posted as forms).

export interface WriteRequest {
  method: string;
  origin: string | null;
  host: string | null;
  forwardedHost: string | null;
  /** TRUST_PROXY: X-Forwarded-Host comes from our own proxy. */
  trustProxy: boolean;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function firstValue(header: string | null): string | null {
  const first = header?.split(',')[0]?.trim();
  return first === undefined || first === '' ? null : first;
}

function hostOf(origin: string): string | null {
  if (origin === 'null') return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * True when a non-safe request carries an Origin that is not this site (or is malformed,
 * or "null"), so it must be refused with 403. Next refuses such a server action too, but
 * with a 500; answering first keeps that from happening. Next compares the Origin with
 * X-Forwarded-Host when one is sent, so that must match as well; without TRUST_PROXY the
 * Host header must match too, since a forwarded host is then anyone's claim. A request
 * without Origin passes, as in Next: browsers send it with every form post.
 */
export function isCrossOriginWrite(request: WriteRequest): boolean {
  if (safeMethods.has(request.method.toUpperCase())) return false;
  if (request.origin === null) return false;
  const originHost = hostOf(request.origin);
  if (originHost === null) return true;
  const forwardedHost = firstValue(request.forwardedHost);
  const nextCompares = forwardedHost ?? request.host;
  if (originHost !== nextCompares) return true;
  return !request.trustProxy && originHost !== request.host;
}
