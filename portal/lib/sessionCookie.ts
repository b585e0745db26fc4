// The session cookie that carries the admin's access token between browser and portal server.

export const SESSION_COOKIE = 'portal_session';

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/**
 * httpOnly keeps the token away from page scripts; SameSite=Lax keeps it off cross-site
 * subrequests while still sending it on a top-level navigation from a bookmark or link;
 * the cookie lives exactly as long as the token.
 */
export function sessionCookieOptions(expiresIn: number, secure: boolean): SessionCookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.max(0, Math.floor(expiresIn)),
  };
}

/**
 * True when the original request reached a TLS-terminating proxy over https. Only with
 * TRUST_PROXY: otherwise X-Forwarded-Proto is whatever the client chose to send.
 */
export function isHttpsRequest(
  forwardedProto: string | null | undefined,
  trustProxy: boolean,
): boolean {
  return trustProxy && forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

// A compact JWS: three base64url parts. Nothing else is ever put in the cookie.
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The access token in a session cookie's (decoded) value, or undefined when the value
 * cannot be one: a tampered cookie, e.g. one carrying CR LF, is no session at all and
 * never reaches an outgoing request header.
 */
export function sessionTokenFrom(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= 4096 && compactJws.test(value) ? value : undefined;
}
