// Whether an authenticated-or-not client gets a token, and with which scopes.
// Pure: the caller looks the client up and compares the secret.

export interface TokenGrantInput {
  client: { active: boolean; scopes: readonly string[] } | undefined;
  secretMatches: boolean;
  /** undefined: every scope the client holds; 'malformed': not a valid scope parameter. */
  requestedScopes: readonly string[] | undefined | 'malformed';
}

export type TokenGrantRejection = {
  error: 'invalid_client' | 'invalid_scope';
  reason: string;
};

export type TokenGrantDecision =
  { granted: true; scopes: string[] } | ({ granted: false } & TokenGrantRejection);

export function decideTokenGrant(input: TokenGrantInput): TokenGrantDecision {
  const { client } = input;
  if (!client) return { granted: false, error: 'invalid_client', reason: 'unknown client' };
  if (!input.secretMatches)
    return { granted: false, error: 'invalid_client', reason: 'client secret mismatch' };
  if (!client.active)
    return { granted: false, error: 'invalid_client', reason: 'client deactivated' };
  // The scope is judged only for an authenticated client (RFC 6749 section
  // 5.2 lists invalid_client before invalid_scope): a wrong secret never
  // learns anything about scopes.
  if (input.requestedScopes === 'malformed') {
    return { granted: false, error: 'invalid_scope', reason: 'malformed scope parameter' };
  }
  if (input.requestedScopes === undefined) return { granted: true, scopes: [...client.scopes] };
  const missing = input.requestedScopes.filter((scope) => !client.scopes.includes(scope));
  if (missing.length > 0) {
    return {
      granted: false,
      error: 'invalid_scope',
      reason: `scopes not granted to the client: ${missing.join(' ')}`.slice(0, 200),
    };
  }
  return { granted: true, scopes: [...input.requestedScopes] };
}
