// Reads the browser id cookie, setting a new one when it is missing, from server actions.
import 'server-only';
import { cookies } from 'next/headers';
import {
  BROWSER_ID_COOKIE,
  browserIdCookieOptions,
  browserIdFrom,
  newBrowserId,
} from '#lib/browserSource';
import { isSecureRequest } from '#lib/server/session';

export async function ensureBrowserId(): Promise<string> {
  const jar = await cookies();
  const existing = browserIdFrom(jar.get(BROWSER_ID_COOKIE)?.value);
  if (existing !== undefined) return existing;
  const created = newBrowserId();
  jar.set(BROWSER_ID_COOKIE, created, browserIdCookieOptions(await isSecureRequest()));
  return created;
}
