import { signAccessToken, tenantAdminRole, type TokenSettings } from '../../auth/accessTokens.js';
import type { KeyRing } from '../../auth/signingKeys.js';
import { TooManyRequestsError } from '../../errors.js';
import { streamNames } from '../../events/streams.js';
import type { EventDataOf } from '../../events/schemas.js';
import { toNewEvents } from '../aggregateStream.js';
import type { CommandDeps } from '../commandDeps.js';
import type { ClientCredentials } from '../credentials/clientCredentials.js';
import type { AgentQuota } from '../quotas/agentQuota.js';
import type { QuotaAdmission, QuotaCounter } from '../quotas/quotaCounter.js';
import { decideTokenGrant } from './decideTokenGrant.js';
import { verifyClientSecret } from './verifyClientSecret.js';
import { OAuthError } from './oauthError.js';
import type { PresentedClient } from './presentedClient.js';
import type { RejectionRecorder } from './rejectionRecorder.js';
import { readScopeParameter } from './requestedScopes.js';
import type { TokenRateLimiter } from './tokenRateLimiter.js';

export interface IssueTokenDeps extends CommandDeps {
  keys: KeyRing;
  tokenSettings: TokenSettings;
  rateLimiter: TokenRateLimiter;
  rejections: RejectionRecorder;
  quotas: QuotaCounter;
}

export interface TokenRequest {
  grantType: string | undefined;
  scope: string | undefined;
  client: PresentedClient;
  /** Where the request comes from (requestSource): failed secrets are limited per client and source. */
  source: string;
  correlationId: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scopes: string[];
}

type Rejection = EventDataOf<'TokenRequestRejected'>['error'];

// RFC 6749 section 4.4. The token is returned only after TokenIssued is
// durably appended, so every token in circulation is in the log. A refusal
// is recorded after the answer (rejectionRecorder), so refusing a known
// client takes the same time as refusing an unknown one.
export async function issueToken(
  deps: IssueTokenDeps,
  request: TokenRequest,
): Promise<IssuedToken> {
  if (!request.grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  if (request.grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported');
  }
  const requestedScopes = readScopeParameter(request.scope);
  const basicChallenge = request.client.method === 'client_secret_basic';
  const { clientId } = request.client;
  const { client, secretMatches } = await verifyClientSecret(deps, request.client, request.source);
  const decision = decideTokenGrant({ client, secretMatches, requestedScopes });
  if (!decision.granted) {
    // Known and unknown client ids take the same steps here.
    await deps.rejections.whenRoom();
    if (client) recordRejection(deps, request, client, decision.error, decision.reason);
    if (decision.error === 'invalid_client') {
      throw new OAuthError('invalid_client', 'Client authentication failed', { basicChallenge });
    }
    throw new OAuthError(
      'invalid_scope',
      requestedScopes === 'malformed'
        ? 'The scope parameter is malformed'
        : 'The requested scope exceeds what the client holds',
    );
  }
  const granted = client as ClientCredentials;

  // The quota is counted beside the rate, in parallel: Redis answers both in
  // about one round trip. A token refused by the rate gives its count back,
  // and a quota refusal is counted only for a request the rate admitted.
  const quota = granted.agentId === null ? null : granted.quota;
  const agent = { tenantId: granted.tenantId, agentId: granted.agentId as string };
  const now = deps.clock.now();
  const [admission, quotaAdmission] = await Promise.all([
    deps.rateLimiter.admitAuthenticated(clientId),
    quota ? deps.quotas.take(agent, quota, now) : undefined,
  ]);
  if (!admission.admitted) {
    if (quota && quotaAdmission?.admitted) deps.quotas.giveBack(agent, quota, now);
    if (admission.firstRefusal) {
      await deps.rejections.whenRoom();
      recordRejection(deps, request, granted, 'rate_limited', admission.reason);
    }
    throw new TooManyRequestsError(admission.retryAfterSeconds);
  }
  if (quota && quotaAdmission && !quotaAdmission.admitted) {
    await refuseOverQuota(deps, request, granted, quota, quotaAdmission, now);
  }

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
      // The instant the token was counted against its quota, so the count and
      // the event fall in the same period (a lost counter is rebuilt from events).
      now,
    ),
    { expectedRevision: 'any' },
  );
  return { accessToken: token, expiresIn: deps.tokenSettings.ttlSeconds, scopes: decision.scopes };
}

/** The 429 of an enforced quota; its period's first refusal is recorded. */
async function refuseOverQuota(
  deps: IssueTokenDeps,
  request: TokenRequest,
  client: ClientCredentials,
  quota: AgentQuota,
  admission: Extract<QuotaAdmission, { admitted: false }>,
  now: Date,
): Promise<never> {
  const reason = `token quota of ${quota.limit} per ${quota.period} reached`;
  const agent = { tenantId: client.tenantId, agentId: client.agentId as string };
  if (await deps.quotas.countRefusal(agent, quota, now)) {
    await deps.rejections.whenRoom();
    recordRejection(deps, request, client, 'quota_exceeded', reason);
  }
  throw new OAuthError('quota_exceeded', `The client's ${reason}; retry after the period ends`, {
    status: 429,
    headers: { 'Retry-After': String(admission.retryAfterSeconds) },
  });
}

/** Queues the refusal's event; it carries the time of the request, not of the append. */
function recordRejection(
  deps: IssueTokenDeps,
  request: TokenRequest,
  client: ClientCredentials,
  error: Rejection,
  reason: string,
): void {
  deps.rejections.record({
    streamName: tokenStream(client),
    events: toNewEvents(
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
  });
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
