import type { VerifiedAccessToken } from '../../auth/accessTokens.js';
import type { CommandDeps } from '../commandDeps.js';
import { findClientCredentials } from '../credentials/clientCredentials.js';
import { currentCredentials } from '../credentials/followLog.js';
import { mayManageToken, type TokenCaller } from './decideTokenRevocation.js';
import { isTokenRevoked } from './presentedToken.js';

export type Introspection =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      token_type: 'Bearer';
      exp: number;
      iat: number;
      sub: string;
      aud: string;
      iss: string;
      jti: string;
      tenant_id: string;
      roles: string[];
    };

/**
 * RFC 7662. Only an active token the caller may manage is described;
 * everything else, another tenant's token and a token of a deactivated agent
 * included, is `{active: false}`.
 */
export async function introspectToken(
  deps: Pick<CommandDeps, 'pool' | 'eventStore' | 'clock'> & { issuer: string; audience: string },
  caller: TokenCaller,
  token: VerifiedAccessToken | undefined,
): Promise<Introspection> {
  if (!token || !mayManageToken(caller, token)) return { active: false };
  if (await isTokenRevoked(deps.pool, token.jti)) return { active: false };
  const stored = await findClientCredentials(deps.pool, token.clientId);
  const client = stored && (await currentCredentials(deps, stored));
  if (!client?.active || client.tenantId !== token.tenantId) return { active: false };
  const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
  return {
    active: true,
    scope: token.scopes.join(' '),
    client_id: token.clientId,
    token_type: 'Bearer',
    exp: seconds(token.expiresAt),
    iat: seconds(token.issuedAt),
    sub: token.subject,
    aud: deps.audience,
    iss: deps.issuer,
    jti: token.jti,
    tenant_id: token.tenantId,
    roles: [...token.roles],
  };
}
