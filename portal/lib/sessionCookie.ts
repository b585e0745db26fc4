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

/** True when the original request reached us over https (directly or through a proxy). */
export function isHttpsRequest(forwardedProto: string | null | undefined): boolean {
  return forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}
