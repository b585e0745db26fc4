import { tenantAdminRole, type VerifiedAccessToken } from '../../auth/accessTokens.js';
import type { EventDataOf } from '../../events/schemas.js';

// Who may revoke or introspect which token, and what a revocation records.
// Pure: the caller verifies the token and looks up earlier revocations.

export interface TokenCaller {
  tenantId: string;
  clientId: string;
  kind: 'admin' | 'agent';
}

/** A tenant admin acts on every token of its tenant; an agent on its own tokens only. */
export function mayManageToken(caller: TokenCaller, token: VerifiedAccessToken): boolean {
  if (token.tenantId !== caller.tenantId) return false;
  return caller.kind === 'admin' || token.clientId === caller.clientId;
}

/** The agent a token was issued to; null for a tenant admin's token. */
export function agentOfToken(token: VerifiedAccessToken): string | null {
  return token.roles.includes(tenantAdminRole) ? null : token.subject;
}

export interface TokenRevocationInput {
  caller: TokenCaller;
  /** undefined: invalid, expired or foreign-signed; there is nothing to revoke. */
  token: VerifiedAccessToken | undefined;
  alreadyRevoked: boolean;
}

/**
 * RFC 7009 section 2.2: the answer is 200 whatever happens here, so a token
 * the caller may not revoke is treated like an invalid one and leaks nothing.
 */
export function decideTokenRevocation(
  input: TokenRevocationInput,
): EventDataOf<'TokenRevoked'> | undefined {
  const { caller, token } = input;
  if (!token || input.alreadyRevoked || !mayManageToken(caller, token)) return undefined;
  return {
    tenantId: token.tenantId,
    agentId: agentOfToken(token),
    clientId: token.clientId,
    jti: token.jti,
    expiresAt: token.expiresAt.toISOString(),
    revokedBy: caller.clientId,
  };
}
