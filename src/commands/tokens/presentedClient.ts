import { OAuthError } from './oauthError.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface PresentedClient {
  clientId: string;
  clientSecret: string;
  method: ClientAuthMethod;
}

// RFC 9110 section 11.4: one or more spaces after the scheme name.
const basicScheme = /^Basic +([A-Za-z0-9+/]+={0,2})$/i;

/**
 * Client credentials from HTTP Basic (RFC 6749 section 2.3.1: each part
 * form-urlencoded, then base64) or from the form body; never both. Beside
 * HTTP Basic the body may name the same client_id (it identifies the client,
 * it does not authenticate it), but not another one nor a secret.
 */
export function presentedClient(
  authorization: string | undefined,
  body: { client_id?: string | undefined; client_secret?: string | undefined },
): PresentedClient {
  const inBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (authorization) {
    if (body.client_secret !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'Use either HTTP Basic or client_id/client_secret in the body, not both',
      );
    }
    const basic = fromBasic(authorization);
    if (body.client_id !== undefined && body.client_id !== basic.clientId) {
      throw new OAuthError(
        'invalid_request',
        'The client_id in the body is not the one in HTTP Basic',
      );
    }
    return basic;
  }
  if (!body.client_id || !body.client_secret) {
    throw new OAuthError('invalid_client', 'Client authentication is required', {
      basicChallenge: !inBody,
    });
  }
  return {
    clientId: body.client_id,
    clientSecret: body.client_secret,
    method: 'client_secret_post',
  };
}

function fromBasic(authorization: string): PresentedClient {
  const invalid = () =>
    new OAuthError('invalid_client', 'Malformed HTTP Basic client credentials', {
      basicChallenge: true,
    });
  const match = basicScheme.exec(authorization.trim());
  if (!match) throw invalid();
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) throw invalid();
  try {
    const clientId = formDecode(decoded.slice(0, separator));
    const clientSecret = formDecode(decoded.slice(separator + 1));
    if (!clientSecret) throw invalid();
    return { clientId, clientSecret, method: 'client_secret_basic' };
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw invalid();
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
