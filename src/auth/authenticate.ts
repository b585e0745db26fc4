import type { Context, Middleware } from 'koa';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../errors.js';
import { authorizationHeader } from '../http/authorizationHeader.js';
import {
  InvalidAccessTokenError,
  tenantAdminRole,
  verifyAccessToken,
  type TokenSettings,
  type VerifiedAccessToken,
} from './accessTokens.js';
import type { KeyRing } from './signingKeys.js';

export interface AuthState {
  auth: VerifiedAccessToken;
}

export type VerifySettings = Omit<TokenSettings, 'ttlSeconds'>;

// RFC 7235 section 2.1: the scheme name is case-insensitive. RFC 6750 section
// 2.1: one or more spaces before the token.
const bearerScheme = /^bearer(?: +(.*))?$/i;
const compactJwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const invalidToken = () =>
  new UnauthorizedError('The bearer token is invalid, expired or revoked', {
    error: 'invalid_token',
  });

/**
 * The verified, unrevoked bearer token of a request. No Bearer credentials:
 * 401 with a bare `Bearer` challenge; a bad, expired or revoked token: 401
 * with `error="invalid_token"` (RFC 6750 section 3.1).
 */
export async function authenticateBearer(
  authorization: string,
  keys: KeyRing,
  settings: VerifySettings,
): Promise<VerifiedAccessToken> {
  const scheme = bearerScheme.exec(authorization.trim());
  if (!scheme) throw new UnauthorizedError();
  const token = scheme[1] ?? '';
  if (!compactJwt.test(token)) throw invalidToken();
  let verified: VerifiedAccessToken;
  try {
    verified = await verifyAccessToken(keys, token, settings);
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) throw invalidToken();
    throw error;
  }
  if (await settings.revocations?.isRevoked(verified.jti)) throw invalidToken();
  return verified;
}

function bearerHeader(ctx: Context): string {
  const { value, repeated } = authorizationHeader(ctx);
  if (repeated) {
    throw new ValidationError([{ field: 'Authorization', message: 'must be sent once' }]);
  }
  return value ?? '';
}

/** Any valid token of any client: for what a token may do to itself. */
export function requireBearer(keys: KeyRing, settings: VerifySettings): Middleware {
  return async (ctx, next) => {
    ctx.state.auth = await authenticateBearer(bearerHeader(ctx), keys, settings);
    await next();
  };
}

// The tenant always comes from the verified token, never from the request.
export function requireTenantAdmin(keys: KeyRing, settings: VerifySettings): Middleware {
  return async (ctx, next) => {
    const verified = await authenticateBearer(bearerHeader(ctx), keys, settings);
    if (!verified.roles.includes(tenantAdminRole))
      throw new ForbiddenError('A tenant admin token is required', {
        error: 'insufficient_scope',
      });
    ctx.state.auth = verified;
    await next();
  };
}
