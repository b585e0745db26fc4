import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTHeaderParameters } from 'jose';
import type { Clock } from '../clock.js';
import { signCompactEd25519 } from './compactJws.js';
import type { RevocationCheck } from './revocationList.js';
import { signingAlgorithm, type KeyRing } from './signingKeys.js';

export const tenantAdminRole = 'tenant_admin';

export interface AccessTokenClaims {
  subject: string;
  tenantId: string;
  clientId: string;
  scopes: readonly string[];
  roles: readonly string[];
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock: Clock;
  /** Accepted skew between clocks when checking exp/nbf/iat. */
  clockToleranceSeconds?: number;
  /** Revoked token ids, checked by authentication and introspection (the API always sets it). */
  revocations?: RevocationCheck;
}

export class InvalidAccessTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidAccessTokenError';
  }
}

export async function signAccessToken(
  keys: KeyRing,
  claims: AccessTokenClaims,
  settings: TokenSettings,
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const { kid, key } = await keys.signingKey();
  const issuedAt = Math.floor(settings.clock.now().getTime() / 1000);
  const expiresAtSeconds = issuedAt + settings.ttlSeconds;
  const jti = randomUUID();
  const token = signCompactEd25519(
    { alg: signingAlgorithm, kid, typ: 'at+jwt' },
    {
      tenant_id: claims.tenantId,
      client_id: claims.clientId,
      scope: claims.scopes.join(' '),
      ...(claims.roles.length > 0 ? { roles: [...claims.roles] } : {}),
      iss: settings.issuer,
      aud: settings.audience,
      sub: claims.subject,
      jti,
      iat: issuedAt,
      nbf: issuedAt,
      exp: expiresAtSeconds,
    },
    key,
  );
  return { token, jti, expiresAt: new Date(expiresAtSeconds * 1000) };
}

// Algorithm pinned, issuer/audience/expiry checked, key chosen by kid from our
// own key ring only: `alg: none`, HS256-with-public-key and foreign keys fail.
export async function verifyAccessToken(
  keys: KeyRing,
  token: string,
  settings: Omit<TokenSettings, 'ttlSeconds'>,
): Promise<VerifiedAccessToken> {
  let payload: JWTPayload;
  const tolerance = settings.clockToleranceSeconds ?? 5;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        if (header.alg !== signingAlgorithm || !header.kid)
          throw new InvalidAccessTokenError('unsupported token header');
        const key = await keys.verificationKey(header.kid);
        if (!key) throw new InvalidAccessTokenError('unknown signing key');
        return key;
      },
      {
        algorithms: [signingAlgorithm],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: tolerance,
        currentDate: settings.clock.now(),
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        typ: 'at+jwt',
      },
    ));
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) throw error;
    if (error instanceof joseErrors.JOSEError) throw new InvalidAccessTokenError(error.code);
    throw error;
  }
  // jose checks iat only together with maxTokenAge; a token issued in the
  // future is refused like one not yet valid.
  const nowSeconds = settings.clock.now().getTime() / 1000;
  if ((payload.iat as number) > nowSeconds + tolerance) {
    throw new InvalidAccessTokenError('token issued in the future');
  }
  const tenantId = payload.tenant_id;
  const clientId = payload.client_id;
  if (typeof tenantId !== 'string' || typeof clientId !== 'string') {
    throw new InvalidAccessTokenError('missing tenant claims');
  }
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is string => typeof r === 'string')
    : [];
  return {
    subject: payload.sub as string,
    tenantId,
    clientId,
    scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
    roles,
    jti: payload.jti as string,
    issuedAt: new Date((payload.iat as number) * 1000),
    expiresAt: new Date((payload.exp as number) * 1000),
  };
}
