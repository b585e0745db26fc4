import { z } from 'zod';
import {
  clientIdPattern,
  maxQuotaLimit,
  maxScopes,
  maxWebhookUrlLength,
  quotaModes,
  quotaPeriods,
  scopeTokenPattern,
  webhookEventTypes,
  type OAuthErrorCode,
} from '../contract.js';
import { maxTimeZoneLength, reportingTimeZone } from '../timeZones/reportingTimeZone.js';

// Every event type with its current schema version. Data schemas are strict:
// unknown keys are rejected, so nothing can smuggle a secret into the log.
// No event carries a secret, a secret hash or a token (see noSecrets.ts).

const id = z.uuid();
const scope = z.string().regex(scopeTokenPattern, 'invalid scope token');
const scopes = z.array(scope).max(maxScopes);
const clientId = z.string().regex(clientIdPattern);
// The refusals an event records: OAuth codes of the token endpoint,
// rate_limited, and quota_exceeded (an enforced AgentQuotaSet's limit reached).
const rejectionErrors = [
  'invalid_client',
  'invalid_scope',
  'invalid_request',
  'unauthorized_client',
  'rate_limited',
  'quota_exceeded',
] as const satisfies readonly (OAuthErrorCode | 'rate_limited')[];
const name = z.string().min(1).max(200);

export const eventSchemas = {
  TenantCreated: {
    version: 1,
    schema: z.strictObject({ tenantId: id, name }),
  },
  TenantAdminClientIssued: {
    version: 1,
    schema: z.strictObject({ tenantId: id, clientId }),
  },
  TenantAdminSecretRotated: {
    version: 1,
    schema: z.strictObject({ tenantId: id, clientId }),
  },
  /** The zone the tenant's daily, hourly and monthly figures are reported in. */
  TenantTimeZoneChanged: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      timeZone: z
        .string()
        .max(maxTimeZoneLength)
        .refine((zone) => reportingTimeZone(zone) === zone, 'not a known IANA time zone name'),
    }),
  },
  AgentRegistered: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      agentId: id,
      clientId,
      name,
      description: z.string().max(2000).nullable(),
      scopes,
    }),
  },
  AgentUpdated: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      agentId: id,
      name: name.optional(),
      description: z.string().max(2000).nullable().optional(),
      scopes: scopes.optional(),
    }),
  },
  AgentSecretRotated: {
    version: 1,
    schema: z.strictObject({ tenantId: id, agentId: id, clientId }),
  },
  AgentDeactivated: {
    version: 1,
    schema: z.strictObject({ tenantId: id, agentId: id, reason: z.string().max(500).nullable() }),
  },
  /** Sets (or replaces) the agent's token quota; on the agent's stream. */
  AgentQuotaSet: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      agentId: id,
      /** Tokens per period. */
      limit: z.number().int().min(1).max(maxQuotaLimit),
      /** The UTC hour, day or calendar month the limit applies to. */
      period: z.enum(quotaPeriods),
      /** monitor: counted and shown only; enforce: token requests past the limit are refused. */
      mode: z.enum(quotaModes),
    }),
  },
  /** Removes the agent's token quota; on the agent's stream. */
  AgentQuotaRemoved: {
    version: 1,
    schema: z.strictObject({ tenantId: id, agentId: id }),
  },
  TokenIssued: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      /** null for a tenant admin client. */
      agentId: id.nullable(),
      clientId,
      jti: id,
      scopes,
      expiresAt: z.iso.datetime({ offset: false }),
    }),
  },
  TokenRevoked: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      /** The token's agent; null for a tenant admin's token. */
      agentId: id.nullable(),
      /** The client the token was issued to. */
      clientId,
      jti: id,
      /** The token's own expiry: it stays refused until then. */
      expiresAt: z.iso.datetime({ offset: false }),
      /** The client that revoked it: the token's own client or its tenant's admin. */
      revokedBy: clientId,
    }),
  },
  TokenRequestRejected: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      agentId: id.nullable(),
      clientId,
      error: z.enum(rejectionErrors),
      reason: z.string().max(200),
    }),
  },
  /** The signing secret is not here: it lives in webhook_endpoints only. */
  WebhookSubscribed: {
    version: 1,
    schema: z.strictObject({
      tenantId: id,
      subscriptionId: id,
      url: z.url({ protocol: /^https?$/ }).max(maxWebhookUrlLength),
      events: z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length),
    }),
  },
  WebhookUnsubscribed: {
    version: 1,
    schema: z.strictObject({ tenantId: id, subscriptionId: id }),
  },
} as const;

export type EventType = keyof typeof eventSchemas;

export type EventDataOf<T extends EventType> = z.infer<(typeof eventSchemas)[T]['schema']>;

export type DomainEventData = { [T in EventType]: { type: T; data: EventDataOf<T> } }[EventType];

export const eventTypes = Object.keys(eventSchemas) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}
