import { clientIdPattern } from '../../contract.js';
import { TooManyRequestsError } from '../../errors.js';
import type { CommandDeps } from '../commandDeps.js';
import { findClientCredentials, type ClientCredentials } from '../credentials/clientCredentials.js';
import { clientSecretMatches, unknownClientHash } from '../credentials/clientSecrets.js';
import { currentCredentials } from '../credentials/followLog.js';
import { OAuthError } from './oauthError.js';
import type { PresentedClient } from './presentedClient.js';
import type { TokenRateLimiter } from './tokenRateLimiter.js';

export interface VerifyClientSecretDeps extends Pick<CommandDeps, 'pool' | 'eventStore' | 'clock'> {
  rateLimiter: TokenRateLimiter;
}

export interface VerifiedSecret {
  /** The client's credentials, undefined for an unknown client id. */
  client: ClientCredentials | undefined;
  secretMatches: boolean;
}

/**
 * The client authentication every OAuth endpoint (token, revocation,
 * introspection) shares, so wrong secrets anywhere count toward the same
 * (client, source) lockout:
 * - the source's failed-secret point is taken before the lookup, so a
 *   locked-out source's flood never reaches Postgres (429);
 * - the secret is compared in constant time, against a dummy digest for an
 *   unknown client, and a wrong one is counted for the client and answered
 *   late once the client-wide budget is spent: known and unknown ids take the
 *   same steps;
 * - only a client that proved its secret has its row brought up to its stream
 *   (a command stopped after its append) and judged again: a refusal never
 *   waits on the event store, and a secret the row does not know was never
 *   handed out, since a command answers only after its row follows it.
 */
export async function verifyClientSecret(
  deps: VerifyClientSecretDeps,
  presented: PresentedClient,
  source: string,
): Promise<VerifiedSecret> {
  const { clientId } = presented;
  if (!clientIdPattern.test(clientId)) {
    throw new OAuthError('invalid_client', 'Client authentication failed', {
      basicChallenge: presented.method === 'client_secret_basic',
    });
  }
  const screened = await deps.rateLimiter.screen(clientId, source);
  if (!screened.admitted) throw new TooManyRequestsError(screened.retryAfterSeconds);

  const matches = (row: ClientCredentials | undefined) =>
    clientSecretMatches(presented.clientSecret, row?.secretHash ?? unknownClientHash);
  let stored: ClientCredentials | undefined;
  try {
    stored = await findClientCredentials(deps.pool, clientId);
  } catch (error) {
    // Nothing was judged (the store is down, say): the point taken for a
    // guess goes back, so an outage never locks out the right secret.
    deps.rateLimiter.releaseScreen(clientId, source);
    throw error;
  }
  if (!matches(stored)) {
    const { delayMs } = await deps.rateLimiter.recordFailedSecret(clientId);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { client: stored, secretMatches: false };
  }
  deps.rateLimiter.releaseScreen(clientId, source);
  const client = await currentCredentials(deps, stored as ClientCredentials);
  return { client, secretMatches: client === stored || matches(client) };
}
