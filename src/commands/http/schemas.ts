import { z } from 'zod';
import {
  maxQuotaLimit,
  maxScopes,
  quotaModes,
  quotaPeriods,
  scopeTokenPattern,
} from '../../contract.js';
import { displayName, freeText } from '../../text.js';
import { timeZoneName } from '../tenants/timeZoneName.js';
import { parseIfMatch, parseIfNoneMatch, type IfMatch } from '../../http/ifMatch.js';

// Request schemas of the command endpoints, exported for the OpenAPI document.

const scope = z.string().regex(scopeTokenPattern, 'must be an RFC 6749 scope token');
const agentName = displayName(200);
const agentDescription = freeText(2000).nullable();
const agentScopes = z.array(scope).max(maxScopes);

// Upper-case hex names the same agent: stream names use the lower-case id.
export const agentIdParams = z.object({ id: z.uuid().overwrite((id) => id.toLowerCase()) });

export const registerAgentBody = z.strictObject({
  name: agentName,
  description: agentDescription.optional(),
  scopes: agentScopes.optional(),
});

export const updateAgentBody = z
  .strictObject({
    name: agentName.optional(),
    description: agentDescription.optional(),
    scopes: agentScopes.optional(),
  })
  .refine(
    (body) =>
      body.name !== undefined || body.description !== undefined || body.scopes !== undefined,
    { message: 'give at least one of name, description, scopes' },
  );

export const agentQuotaBody = z.strictObject({
  limit: z.number().int().min(1).max(maxQuotaLimit),
  period: z.enum(quotaPeriods),
  mode: z.enum(quotaModes),
});

/** Endpoints that take no input accept an empty body or {}. */
export const emptyBody = z.strictObject({});

export const deactivateAgentBody = z.strictObject({
  reason: freeText(500).nullable().optional(),
});

/** An If-Match or If-None-Match header read by `parse`; a 400 naming it when malformed. */
function entityTagHeader(parse: (header: string) => IfMatch | undefined) {
  return z
    .string()
    .optional()
    .transform((value, ctx): IfMatch | undefined => {
      if (value === undefined) return undefined;
      const parsed = parse(value);
      if (parsed === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be *, or a list of entity tags such as "3" from an ETag',
        });
        return z.NEVER;
      }
      return parsed;
    });
}

/**
 * If-Match: `*` (any existing revision: undefined, as without one) or the
 * revisions it accepts (see ifMatch.ts).
 */
export const ifMatchHeader = entityTagHeader(parseIfMatch).transform((revisions) =>
  revisions === 'any' ? undefined : revisions,
);

/** If-None-Match: `*` (the resource must not exist) or the revisions it excludes. */
export const ifNoneMatchHeader = entityTagHeader(parseIfNoneMatch);

// RFC 6749 section 3.1: unknown parameters are ignored, so this is not strict.
export const tokenRequestBody = z.object({
  grant_type: z.string().max(100).optional(),
  scope: z.string().max(5000).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(500).optional(),
});

// RFC 7009 section 2.1 and RFC 7662 section 2.1. token_type_hint is accepted
// and ignored: access tokens are the only kind issued, so every token is searched.
export const tokenManagementBody = z.object({
  token: z.string().min(1).max(5000),
  token_type_hint: z.string().max(100).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(500).optional(),
});

export type RegisterAgentBody = z.infer<typeof registerAgentBody>;
export type AgentQuotaBody = z.infer<typeof agentQuotaBody>;
export type UpdateAgentBody = z.infer<typeof updateAgentBody>;
export type TokenRequestBody = z.infer<typeof tokenRequestBody>;

export const tenantSettingsBody = z.strictObject(
  {
    time_zone: timeZoneName.meta({
      description:
        'An IANA time zone name such as Asia/Kolkata, America/New_York or UTC; a name differing only in case from a canonical one (europe/berlin) takes its spelling.',
      example: 'Europe/Berlin',
    }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `the only setting is time_zone; unknown: ${issue.keys.join(', ')}`
        : 'must be a JSON object with time_zone',
  },
);
