// What a tenant admin is told when the token endpoint refuses a sign-in.

export interface TokenFailure {
  /** HTTP status, or undefined when the identity service could not be reached. */
  status: number | undefined;
  /** RFC 6749 `error` code from the body, when there was one. */
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** Raw Retry-After header. */
  retryAfter?: string | null | undefined;
}

export const UNREACHABLE_MESSAGE =
  'The identity service is not reachable right now. Try again in a moment.';

/** Valid credentials of an agent: the portal is for tenant admins only. */
export const NOT_ADMIN_MESSAGE =
  'These credentials belong to an agent, not an admin client. Sign in with your tenant admin client ID and secret.';

export function describeTokenFailure(failure: TokenFailure): string {
  const { status, error } = failure;
  if (status === undefined) return UNREACHABLE_MESSAGE;
  if (status === 429) {
    const seconds = retryAfterSeconds(failure.retryAfter);
    return seconds === undefined
      ? 'Too many sign-in attempts. Wait a moment and try again.'
      : `Too many sign-in attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  }
  if (status >= 500) {
    return `The identity service had a problem (HTTP ${status}). Try again in a moment.`;
  }
  if (error === 'invalid_client' || status === 401) {
    return 'Invalid client ID or client secret.';
  }
  if (error === 'unauthorized_client') {
    return 'These credentials are not allowed to sign in to the portal.';
  }
  return failure.errorDescription
    ? `Sign-in was refused: ${failure.errorDescription}`
    : `Sign-in was refused (HTTP ${status}).`;
}

/** Retry-After as whole seconds; it may be delta-seconds or an HTTP date. */
export function retryAfterSeconds(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
