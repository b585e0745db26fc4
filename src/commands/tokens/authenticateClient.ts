import { TooManyRequestsError } from '../../errors.js';
import type { CommandDeps } from '../commandDeps.js';
import { findClientCredentials, type ClientCredentials } from '../credentials/clientCredentials.js';
import { clientIdPattern } from '../../contract.js';
import { clientSecretMatches, unknownClientHash } from '../credentials/clientSecrets.js';
import { currentCredentials } from '../credentials/followLog.js';
import { OAuthError } from './oauthError.js';
import type { PresentedClient } from './presentedClient.js';
import type { TokenRateLimiter } from './tokenRateLimiter.js';

export interface AuthenticateClientDeps extends Pick<CommandDeps, 'pool' | 'eventStore' | 'clock'> {
  rateLimiter: TokenRateLimiter;
}

// Client authentication for the revocation and introspection endpoints, on
// the token endpoint's limiter and with its steps: wrong secrets anywhere
// count toward the same (client, source) lockout, so these endpoints are no
// way around it, and a client that proved its secret is judged by a row
// brought up to its stream.
export async function authenticateClient(
  deps: AuthenticateClientDeps,
  presented: PresentedClient,
  source: string,
): Promise<ClientCredentials> {
  const refused = () =>
    new OAuthError('invalid_client', 'Client authentication failed', {
      basicChallenge: presented.method === 'client_secret_basic',
    });
  if (!clientIdPattern.test(presented.clientId)) throw refused();
  const screened = await deps.rateLimiter.screen(presented.clientId, source);
  if (!screened.admitted) throw new TooManyRequestsError(screened.retryAfterSeconds);
  const stored = await findClientCredentials(deps.pool, presented.clientId);
  const matches = (row: ClientCredentials | undefined) =>
    clientSecretMatches(presented.clientSecret, row?.secretHash ?? unknownClientHash);
  let client = stored;
  let secretMatches = matches(stored);
  if (stored && secretMatches) {
    client = await currentCredentials(deps, stored);
    if (client !== stored) secretMatches = matches(client);
  }
  if (secretMatches) deps.rateLimiter.releaseScreen(presented.clientId, source);
  if (!secretMatches) {
    const { delayMs } = await deps.rateLimiter.recordFailedSecret(presented.clientId);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  if (!client || !secretMatches || !client.active) throw refused();
  return client;
}
