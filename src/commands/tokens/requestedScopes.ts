import { OAuthError } from './oauthError.js';

// RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

/** The space-separated scope parameter as a list; undefined when omitted or empty. */
export function parseScopeParameter(scope: string | undefined): string[] | undefined {
  if (scope === undefined || scope.trim() === '') return undefined;
  const tokens = scope.split(' ').filter((token) => token !== '');
  if (tokens.length > 50 || !tokens.every((token) => scopeToken.test(token))) {
    throw new OAuthError('invalid_scope', 'The scope parameter is malformed');
  }
  return [...new Set(tokens)];
}

/** Like parseScopeParameter, but a malformed parameter is a value: it is judged only once the client is authenticated. */
export function readScopeParameter(scope: string | undefined): string[] | undefined | 'malformed' {
  try {
    return parseScopeParameter(scope);
  } catch (error) {
    if (error instanceof OAuthError) return 'malformed';
    throw error;
  }
}
