import { clientIdPattern, maxScopes, scopeTokenPattern } from '../contract.js';
import { eventSchemas } from '../events/schemas.js';

// The schema check of each event's data was the costliest step of a
// rebuild's fold thread. Token issuances are nearly every event of a log, so
// they get a check of their own: it accepts only data the schema accepts,
// unchanged (the schema has no transforms or defaults), and anything it does
// not accept goes through the schema as before, so an invalid event is
// parked with the schema's own message. The patterns are the schema's own.

const tokenIssuedShape = eventSchemas.TokenIssued.schema.shape;

function patternOf(schema: { def: { pattern?: RegExp | undefined } }): RegExp {
  const { pattern } = schema.def;
  if (!pattern || pattern.global || pattern.sticky) throw new Error('expected a plain pattern');
  return pattern;
}

// Held here, as the hot path reads them per event.
const clientIds = clientIdPattern;
const scopeTokens = scopeTokenPattern;
const scopesAtMost = maxScopes;
const uuidPattern = patternOf(tokenIssuedShape.jti);
const instantPattern = patternOf(tokenIssuedShape.expiresAt);
const tokenIssuedKeys = Object.keys(tokenIssuedShape);

function isUuid(value: unknown): boolean {
  return typeof value === 'string' && uuidPattern.test(value);
}

function isScopes(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > scopesAtMost) return false;
  for (const scope of value) {
    if (typeof scope !== 'string' || !scopeTokens.test(scope)) return false;
  }
  return true;
}

function isTokenIssuedData(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  if (Object.keys(data).length !== tokenIssuedKeys.length) return false;
  for (const key of tokenIssuedKeys) if (!Object.hasOwn(data, key)) return false;
  const { tenantId, agentId, clientId, jti, scopes, expiresAt } = data as Record<string, unknown>;
  return (
    isUuid(tenantId) &&
    (agentId === null || isUuid(agentId)) &&
    typeof clientId === 'string' &&
    clientIds.test(clientId) &&
    isUuid(jti) &&
    isScopes(scopes) &&
    typeof expiresAt === 'string' &&
    instantPattern.test(expiresAt)
  );
}

/**
 * True only when the type's schema would accept the data as it is; false
 * means: ask the schema. Pure.
 */
export function passesQuickCheck(type: string, data: unknown): boolean {
  return type === 'TokenIssued' && isTokenIssuedData(data);
}
