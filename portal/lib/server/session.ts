// Reads and writes the session cookie from server components, actions and route handlers.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { isHttpsRequest, SESSION_COOKIE, sessionCookieOptions } from '#lib/sessionCookie';

export async function readAccessToken(): Promise<string | undefined> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value === undefined || value === '' ? undefined : value;
}

export async function startSession(accessToken: string, expiresIn: number): Promise<void> {
  const secure = isHttpsRequest((await headers()).get('x-forwarded-proto'));
  (await cookies()).set(SESSION_COOKIE, accessToken, sessionCookieOptions(expiresIn, secure));
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
