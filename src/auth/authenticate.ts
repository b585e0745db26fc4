import type { Middleware } from 'koa';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
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

const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

// The tenant always comes from the verified token, never from the request.
export function requireTenantAdmin(
  keys: KeyRing,
  settings: Omit<TokenSettings, 'ttlSeconds'>,
): Middleware {
  return async (ctx, next) => {
    const match = bearer.exec(ctx.get('authorization'));
    if (!match) throw new UnauthorizedError();
    let verified: VerifiedAccessToken;
    try {
      verified = await verifyAccessToken(keys, match[1] as string, settings);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError)
        throw new UnauthorizedError('The bearer token is invalid or expired');
      throw error;
    }
    if (!verified.roles.includes(tenantAdminRole))
      throw new ForbiddenError('A tenant admin token is required');
    ctx.state.auth = verified;
    await next();
  };
}
