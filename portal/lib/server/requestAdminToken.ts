// Exchanges admin client credentials for an access token at the API's token endpoint.
import 'server-only';
import { z } from 'zod';
import { portalSourceHeaders } from '#lib/browserSource';
import { describeTokenFailure } from '#lib/signInErrors';
import { apiEndpoint, portalConfig } from '#lib/server/config';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

const oauthErrorSchema = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
});

export type TokenResult =
  { ok: true; accessToken: string; expiresIn: number } | { ok: false; message: string };

export async function requestAdminToken(
  clientId: string,
  clientSecret: string,
  browserId: string,
): Promise<TokenResult> {
  let response: Response;
  try {
    response = await fetch(apiEndpoint('/oauth2/token'), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...portalSourceHeaders(portalConfig().portalSourceSecret, browserId),
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
      cache: 'no-store',
      signal: AbortSignal.timeout(portalConfig().apiTimeoutMs),
    });
  } catch {
    return { ok: false, message: describeTokenFailure({ status: undefined }) };
  }

  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const token = tokenResponseSchema.safeParse(body);
    if (token.success) {
      return { ok: true, accessToken: token.data.access_token, expiresIn: token.data.expires_in };
    }
    return { ok: false, message: describeTokenFailure({ status: 502 }) };
  }

  const oauthError = oauthErrorSchema.safeParse(body);
  return {
    ok: false,
    message: describeTokenFailure({
      status: response.status,
      error: oauthError.success ? oauthError.data.error : undefined,
      errorDescription: oauthError.success ? oauthError.data.error_description : undefined,
      retryAfter: response.headers.get('retry-after'),
    }),
  };
}
