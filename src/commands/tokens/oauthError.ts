import { AppError } from '../../errors.js';

// RFC 6749 section 5.2 error codes answered by the token endpoint, and
// slow_down (RFC 8628 section 3.5, registered for token endpoint responses)
// for a 429 with Retry-After.
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'slow_down';

export class OAuthError extends AppError {
  override readonly status: number;
  override readonly title = 'OAuth error';
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    options: { basicChallenge?: boolean; status?: number; headers?: Record<string, string> } = {},
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = options.status ?? (code === 'invalid_client' ? 401 : 400);
    Object.assign(this.headers, options.headers);
    if (code === 'invalid_client' && options.basicChallenge) {
      this.headers['WWW-Authenticate'] = 'Basic realm="token", charset="UTF-8"';
    }
  }

  toResponseBody(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}
