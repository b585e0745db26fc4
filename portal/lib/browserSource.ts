// The per-browser id the portal names as the source of a sign-in, so that the API locks
// out only the browser that typed wrong secrets, not every sign-in through the portal.

export const BROWSER_ID_COOKIE = 'portal_browser';

/** The longest lifetime browsers accept for a cookie (400 days). */
export const BROWSER_ID_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export interface BrowserIdCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/** Long-lived, and like the session cookie kept from page scripts and cross-site subrequests. */
export function browserIdCookieOptions(secure: boolean): BrowserIdCookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: BROWSER_ID_MAX_AGE_SECONDS };
}

// 128 random bits, base64url without padding.
const browserIdPattern = /^[A-Za-z0-9_-]{22}$/;

/** A new random browser id. */
export function newBrowserId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
}

/** The browser id in a cookie's value, or undefined when the value cannot be one. */
export function browserIdFrom(value: string | undefined): string | undefined {
  return value !== undefined && browserIdPattern.test(value) ? value : undefined;
}

/**
 * The headers that make the API count a sign-in's failures against this browser
 * (X-Portal-Source) rather than the portal server's address; the API believes the
 * source only with the secret it shares with the portal (X-Portal-Secret). Without
 * PORTAL_SOURCE_SECRET, none: the API then counts by address.
 */
export function portalSourceHeaders(
  portalSourceSecret: string | undefined,
  browserId: string,
): Record<string, string> {
  if (portalSourceSecret === undefined) return {};
  return { 'x-portal-secret': portalSourceSecret, 'x-portal-source': browserId };
}
