import type { ClientCredentials } from '../credentials/clientCredentials.js';
import { OAuthError } from './oauthError.js';
import type { PresentedClient } from './presentedClient.js';
import { verifyClientSecret, type VerifyClientSecretDeps } from './verifyClientSecret.js';

export type AuthenticateClientDeps = VerifyClientSecretDeps;

/** Client authentication for the revocation and introspection endpoints: an active client whose secret matches. */
export async function authenticateClient(
  deps: AuthenticateClientDeps,
  presented: PresentedClient,
  source: string,
): Promise<ClientCredentials> {
  const { client, secretMatches } = await verifyClientSecret(deps, presented, source);
  if (!client || !secretMatches || !client.active) {
    throw new OAuthError('invalid_client', 'Client authentication failed', {
      basicChallenge: presented.method === 'client_secret_basic',
    });
  }
  return client;
}
