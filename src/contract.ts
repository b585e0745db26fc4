// Values of the public contract (requests, responses, events), defined once
// and imported by commands, queries, event schemas, the OpenAPI document and
// the portal. It imports nothing, so the portal can bundle it as it is.

/** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), at most 100 characters here. */
export const scopeTokenPattern = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

/** Most scopes an agent holds or a token request names. */
export const maxScopes = 50;

/** `agt_` (agent) or `adm_` (tenant admin) and 16..64 letters and digits. */
export const clientIdPattern = /^(agt|adm)_[A-Za-z0-9]{16,64}$/;

/**
 * RFC 6749 section 5.2 error codes of the token endpoint, slow_down
 * (RFC 8628 section 3.5, registered for token endpoint responses) for a 429
 * of the rate limits, and quota_exceeded, this server's own code (RFC 6749
 * section 8.5 allows extension codes) for a 429 of an enforced agent quota:
 * unlike slow_down, retrying before Retry-After (the period's end) is futile.
 */
export const oauthErrorCodes = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'slow_down',
  'quota_exceeded',
] as const;

export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

/** Longest token trend (`GET /api/analytics/tokens?days=`), in UTC days. */
export const maxTrendDays = 90;

/**
 * The domain's event types, for the audit log's `type` filter; the event
 * schemas (src/events/schemas.ts) define exactly these (a unit test holds them equal).
 */
export const auditEventTypes = [
  'TenantCreated',
  'TenantAdminClientIssued',
  'TenantAdminSecretRotated',
  'TenantTimeZoneChanged',
  'AgentRegistered',
  'AgentUpdated',
  'AgentSecretRotated',
  'AgentDeactivated',
  'AgentQuotaSet',
  'AgentQuotaRemoved',
  'TokenIssued',
  'TokenRevoked',
  'TokenRequestRejected',
  'WebhookSubscribed',
  'WebhookUnsubscribed',
] as const;

/** Periods of an agent's token quota; each starts at a UTC boundary (hour, day, calendar month). */
export const quotaPeriods = ['hour', 'day', 'month'] as const;
export type QuotaPeriod = (typeof quotaPeriods)[number];

/** monitor counts and shows use against the limit; enforce also refuses tokens past it. */
export const quotaModes = ['monitor', 'enforce'] as const;
export type QuotaMode = (typeof quotaModes)[number];

/** Largest token quota limit per period. */
export const maxQuotaLimit = 1_000_000_000;

/** Alert events a webhook subscription may name. */
export const webhookEventTypes = [
  'quota.threshold',
  'anomaly.detected',
  'agent.failures.spike',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The event `POST /api/webhooks/:id/test` sends; every subscription receives it. */
export const webhookTestEventType = 'webhook.test';

/** Longest webhook URL accepted. */
export const maxWebhookUrlLength = 2000;
