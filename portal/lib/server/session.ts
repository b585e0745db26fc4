// Reads and writes the session cookie from server components, actions and route handlers.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { portalConfig } from '#lib/server/config';
import {
  isHttpsRequest,
  SESSION_COOKIE,
  sessionCookieOptions,
  sessionTokenFrom,
} from '#lib/sessionCookie';

export async function readAccessToken(): Promise<string | undefined> {
  return sessionTokenFrom((await cookies()).get(SESSION_COOKIE)?.value);
}

/** Whether cookies set in answer to this request get Secure (https, behind TRUST_PROXY). */
export async function isSecureRequest(): Promise<boolean> {
  return isHttpsRequest((await headers()).get('x-forwarded-proto'), portalConfig().trustProxy);
}

export async function startSession(accessToken: string, expiresIn: number): Promise<void> {
  const secure = await isSecureRequest();
  (await cookies()).set(SESSION_COOKIE, accessToken, sessionCookieOptions(expiresIn, secure));
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
