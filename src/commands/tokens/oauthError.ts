import { AppError } from '../../errors.js';

import type { OAuthErrorCode } from '../../contract.js';

export type { OAuthErrorCode };

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
