import { signAccessToken, tenantAdminRole, type TokenSettings } from '../../auth/accessTokens.js';
import type { KeyRing } from '../../auth/signingKeys.js';
import { TooManyRequestsError } from '../../errors.js';
import { streamNames } from '../../eventstore/events/streams.js';
import type { EventDataOf } from '../../eventstore/events/schemas.js';
import type { Logger } from '../../logger.js';
import { toNewEvents } from '../aggregateStream.js';
import type { CommandDeps } from '../commandDeps.js';
import { findClientCredentials, type ClientCredentials } from '../credentials/clientCredentials.js';
import {
  clientIdPattern,
  clientSecretMatches,
  unknownClientHash,
} from '../credentials/clientSecrets.js';
import { currentCredentials } from '../credentials/followLog.js';
import { decideTokenGrant } from './decideTokenGrant.js';
import { OAuthError } from './oauthError.js';
import type { PresentedClient } from './presentedClient.js';
import { parseScopeParameter } from './requestedScopes.js';
import type { TokenRateLimiter } from './tokenRateLimiter.js';

export interface IssueTokenDeps extends CommandDeps {
  keys: KeyRing;
  tokenSettings: TokenSettings;
  rateLimiter: TokenRateLimiter;
  logger: Logger;
}

export interface TokenRequest {
  grantType: string | undefined;
  scope: string | undefined;
  client: PresentedClient;
  correlationId: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scopes: string[];
}

type Rejection = EventDataOf<'TokenRequestRejected'>['error'];

// RFC 6749 section 4.4. The token is returned only after TokenIssued is
// durably appended, so every token in circulation is in the log.
export async function issueToken(
  deps: IssueTokenDeps,
  request: TokenRequest,
): Promise<IssuedToken> {
  if (!request.grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  if (request.grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported');
  }
  const requestedScopes = parseScopeParameter(request.scope);
  const basicChallenge = request.client.method === 'client_secret_basic';
  const { clientId } = request.client;
  if (!clientIdPattern.test(clientId)) {
    throw new OAuthError('invalid_client', 'Client authentication failed', { basicChallenge });
  }

  const admission = await deps.rateLimiter.admit(clientId);
  if (!admission.admitted) {
    if (admission.firstRefusal) {
      const known = await findClientCredentials(deps.pool, clientId);
      if (known) await recordRejection(deps, request, known, 'rate_limited', admission.reason);
    }
    throw new TooManyRequestsError(admission.retryAfterSeconds);
  }

  const stored = await findClientCredentials(deps.pool, clientId);
  // The log decides: a row behind its stream (a command stopped after its
  // append) is brought up to date before it is trusted.
  const client = stored && (await currentCredentials(deps, stored));
  const secretMatches = clientSecretMatches(
    request.client.clientSecret,
    client?.secretHash ?? unknownClientHash,
  );
  const decision = decideTokenGrant({ client, secretMatches, requestedScopes });
  if (!decision.granted) {
    if (!secretMatches) await deps.rateLimiter.recordFailedSecret(clientId);
    if (client) await recordRejection(deps, request, client, decision.error, decision.reason);
    throw decision.error === 'invalid_client'
      ? new OAuthError('invalid_client', 'Client authentication failed', { basicChallenge })
      : new OAuthError('invalid_scope', 'The requested scope exceeds what the client holds');
  }
  const granted = client as ClientCredentials;

  const { token, jti, expiresAt } = await signAccessToken(
    deps.keys,
    {
      subject: granted.agentId ?? granted.clientId,
      tenantId: granted.tenantId,
      clientId: granted.clientId,
      scopes: decision.scopes,
      roles: granted.kind === 'admin' ? [tenantAdminRole] : [],
    },
    deps.tokenSettings,
  );
  await deps.eventStore.appendToStream(
    tokenStream(granted),
    toNewEvents(
      [
        {
          type: 'TokenIssued',
          data: {
            tenantId: granted.tenantId,
            agentId: granted.agentId,
            clientId: granted.clientId,
            jti,
            scopes: decision.scopes,
            expiresAt: expiresAt.toISOString(),
          },
        },
      ],
      granted.tenantId,
      origin(granted, request.correlationId),
      deps.clock.now(),
    ),
    { expectedRevision: 'any' },
  );
  return { accessToken: token, expiresIn: deps.tokenSettings.ttlSeconds, scopes: decision.scopes };
}

// Recording a refusal is best effort: the refusal itself must not turn into a 5xx.
async function recordRejection(
  deps: IssueTokenDeps,
  request: TokenRequest,
  client: ClientCredentials,
  error: Rejection,
  reason: string,
): Promise<void> {
  try {
    await deps.eventStore.appendToStream(
      tokenStream(client),
      toNewEvents(
        [
          {
            type: 'TokenRequestRejected',
            data: {
              tenantId: client.tenantId,
              agentId: client.agentId,
              clientId: client.clientId,
              error,
              reason,
            },
          },
        ],
        client.tenantId,
        origin(client, request.correlationId),
        deps.clock.now(),
      ),
      { expectedRevision: 'any' },
    );
  } catch (failure) {
    deps.logger.error(
      { err: failure, clientId: client.clientId },
      'could not record a rejected token request',
    );
  }
}

function tokenStream(client: ClientCredentials): string {
  return client.agentId
    ? streamNames.tokens(client.tenantId, client.agentId)
    : streamNames.adminTokens(client.tenantId);
}

function origin(client: ClientCredentials, correlationId: string) {
  return {
    actor: { type: client.kind === 'admin' ? 'admin' : 'agent', id: client.clientId } as const,
    correlationId,
  };
}
