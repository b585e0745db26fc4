import { TooManyRequestsError } from '../../errors.js';
import type { Pool } from '../../db/pool.js';
import { findClientCredentials, type ClientCredentials } from '../credentials/clientCredentials.js';
import {
  clientIdPattern,
  clientSecretMatches,
  unknownClientHash,
} from '../credentials/clientSecrets.js';
import { OAuthError } from './oauthError.js';
import type { PresentedClient } from './presentedClient.js';
import type { TokenRateLimiter } from './tokenRateLimiter.js';

export interface AuthenticateClientDeps {
  pool: Pool;
  rateLimiter: TokenRateLimiter;
}

// Client authentication for the revocation and introspection endpoints, on
// the token endpoint's limiter: wrong secrets anywhere count toward the same
// lockout, so these endpoints are no way around it.
export async function authenticateClient(
  deps: AuthenticateClientDeps,
  presented: PresentedClient,
): Promise<ClientCredentials> {
  const refused = () =>
    new OAuthError('invalid_client', 'Client authentication failed', {
      basicChallenge: presented.method === 'client_secret_basic',
    });
  if (!clientIdPattern.test(presented.clientId)) throw refused();
  const admission = await deps.rateLimiter.admit(presented.clientId);
  if (!admission.admitted) throw new TooManyRequestsError(admission.retryAfterSeconds);
  const client = await findClientCredentials(deps.pool, presented.clientId);
  const secretMatches = clientSecretMatches(
    presented.clientSecret,
    client?.secretHash ?? unknownClientHash,
  );
  if (!secretMatches) await deps.rateLimiter.recordFailedSecret(presented.clientId);
  if (!client || !secretMatches || !client.active) throw refused();
  return client;
}
