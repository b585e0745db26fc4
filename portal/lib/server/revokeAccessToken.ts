// Ends an access token at the API before its expiry: the token revokes itself at
// POST /api/session/revoke, since the portal keeps the token but never the client secret.
import 'server-only';
import { apiEndpoint, portalConfig } from '#lib/server/config';

/** True when the API confirmed; false when it could not be reached or refused. */
export async function revokeAccessToken(accessToken: string): Promise<boolean> {
  try {
    const response = await fetch(apiEndpoint('/api/session/revoke'), {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(portalConfig().apiTimeoutMs),
    });
    return response.status === 204;
  } catch {
    return false;
  }
}
