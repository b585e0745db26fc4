// One class per meaning; the HTTP status lives on the class so the problem
// middleware can answer without knowing every error.
export class AppError extends Error {
  readonly status: number = 500;
  readonly title: string = 'Internal Server Error';
  readonly type: string = 'about:blank';
  readonly extensions: Record<string, unknown> = {};
  readonly headers: Record<string, string> = {};
}

export interface InvalidField {
  field: string;
  message: string;
}

export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly title = 'Invalid request';
  override readonly type = 'urn:problem:validation';
  constructor(readonly errors: InvalidField[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'ValidationError';
    this.extensions.errors = errors;
  }
}

/**
 * A Bearer challenge (RFC 6750 section 3): without an error code when no
 * token was sent, with `invalid_token` or `insufficient_scope` otherwise.
 */
export function bearerChallenge(error?: 'invalid_token' | 'insufficient_scope'): string {
  return error ? `Bearer error="${error}"` : 'Bearer';
}

export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly title = 'Unauthorized';
  constructor(
    message = 'A valid bearer token is required',
    options: { error?: 'invalid_token' } = {},
  ) {
    super(message);
    this.name = 'UnauthorizedError';
    this.headers['WWW-Authenticate'] = bearerChallenge(options.error);
  }
}

export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly title = 'Forbidden';
  constructor(
    message = 'The token does not grant access to this resource',
    options: { error?: 'insufficient_scope' } = {},
  ) {
    super(message);
    this.name = 'ForbiddenError';
    if (options.error) this.headers['WWW-Authenticate'] = bearerChallenge(options.error);
  }
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly title = 'Not Found';
  constructor(message = 'Not found') {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly title = 'Conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class PreconditionFailedError extends AppError {
  override readonly status = 412;
  override readonly title = 'Precondition Failed';
  constructor(message: string) {
    super(message);
    this.name = 'PreconditionFailedError';
  }
}

/** The client accepts none of the formats an endpoint can answer in. */
export class NotAcceptableError extends AppError {
  override readonly status = 406;
  override readonly title = 'Not Acceptable';
  constructor(readonly errors: InvalidField[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'NotAcceptableError';
    this.extensions.errors = errors;
  }
}

export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly title = 'Payload Too Large';
  constructor(message = 'The request body is too large') {
    super(message);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly status = 415;
  override readonly title = 'Unsupported Media Type';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class TooManyRequestsError extends AppError {
  override readonly status = 429;
  override readonly title = 'Too Many Requests';
  constructor(retryAfterSeconds: number, message = 'Too many requests; retry later') {
    super(message);
    this.name = 'TooManyRequestsError';
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class ServiceUnavailableError extends AppError {
  override readonly status = 503;
  override readonly title = 'Service Unavailable';
  constructor(message: string, retryAfterSeconds = 5) {
    super(message);
    this.name = 'ServiceUnavailableError';
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/** An event the log must not hold: unknown type, invalid data or metadata, secret-like content. */
export class InvalidEventError extends AppError {
  override readonly status = 400;
  override readonly title = 'Invalid event';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}
