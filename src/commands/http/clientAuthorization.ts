import type { Context } from 'koa';
import { authorizationHeader } from '../../http/authorizationHeader.js';
import { OAuthError } from '../tokens/oauthError.js';

/** The HTTP Basic client credentials header of an OAuth endpoint, if any; sent twice is invalid_request. */
export function clientAuthorization(ctx: Context): string | undefined {
  const { value, repeated } = authorizationHeader(ctx);
  if (repeated) throw new OAuthError('invalid_request', 'Send the Authorization header once');
  return value;
}
