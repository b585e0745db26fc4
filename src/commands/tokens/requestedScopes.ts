import { maxScopes, scopeTokenPattern } from '../../contract.js';
import { OAuthError } from './oauthError.js';

/** The space-separated scope parameter as a list; undefined when omitted or empty. */
export function parseScopeParameter(scope: string | undefined): string[] | undefined {
  if (scope === undefined || scope.trim() === '') return undefined;
  const tokens = scope.split(' ').filter((token) => token !== '');
  if (tokens.length > maxScopes || !tokens.every((token) => scopeTokenPattern.test(token))) {
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
