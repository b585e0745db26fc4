import { OAuthError } from './oauthError.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface PresentedClient {
  clientId: string;
  clientSecret: string;
  method: ClientAuthMethod;
}

const basicScheme = /^Basic ([A-Za-z0-9+/]+={0,2})$/i;

/**
 * Client credentials from HTTP Basic (RFC 6749 section 2.3.1: each part
 * form-urlencoded, then base64) or from the form body; never both.
 */
export function presentedClient(
  authorization: string | undefined,
  body: { client_id?: string | undefined; client_secret?: string | undefined },
): PresentedClient {
  const inBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (authorization) {
    if (inBody) {
      throw new OAuthError(
        'invalid_request',
        'Use either HTTP Basic or client_id/client_secret in the body, not both',
      );
    }
    return fromBasic(authorization);
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
