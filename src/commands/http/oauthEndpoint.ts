import type { Middleware, ParameterizedContext } from 'koa';
import type { z } from 'zod';
import {
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors.js';
import { parseOrThrow } from '../../http/validate.js';
import { OAuthError } from '../tokens/oauthError.js';
import { formBody, type FormState } from './requestBody.js';

type FormContext = ParameterizedContext<{ form: FormState }>;

/**
 * The shell of an OAuth endpoint (token, revocation, introspection): never
 * cached, form-encoded body, and failures in RFC 6749 section 5.2 form (JSON
 * with error and error_description), also oversized (413) or encoded (415)
 * bodies and rate limiting (429, with Retry-After); only an unavailable store
 * (503) leaves through the problem details middleware.
 */
export function oauthEndpoint(bodyLimit: string): Middleware[] {
  const wrongType = () =>
    new OAuthError('invalid_request', 'Send the body as application/x-www-form-urlencoded');
  return [
    async (ctx, next) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Pragma', 'no-cache');
      try {
        await next();
      } catch (error) {
        const oauth = toOAuthError(error);
        if (!oauth) throw error;
        for (const [name, value] of Object.entries(oauth.headers)) ctx.set(name, value);
        ctx.status = oauth.status;
        ctx.body = oauth.toResponseBody();
      }
    },
    formBody(bodyLimit, wrongType),
  ];
}

// RFC 6749 section 2.3.1: client credentials MUST NOT be in the request URI,
// where logs and proxies keep them; ignoring them there would hide the leak.
const credentialsInUrl = ['client_secret', 'client_assertion'];

/**
 * The form's parameters by the schema; a repeated parameter (RFC 6749
 * section 3.2) or a client secret in the URL is invalid_request.
 */
export function oauthForm<S extends z.ZodType>(ctx: FormContext, schema: S): z.infer<S> {
  const inUrl = credentialsInUrl.find((name) => name in ctx.query);
  if (inUrl !== undefined) {
    throw new OAuthError('invalid_request', `${inUrl} must be sent in the body, not in the URL`);
  }
  const { values, duplicates } = ctx.state.form;
  if (duplicates.length > 0) {
    throw new OAuthError('invalid_request', `Repeated parameter: ${duplicates[0]}`);
  }
  return parseOrThrow(schema, values, 'body');
}

function toOAuthError(error: unknown): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  if (error instanceof ValidationError) {
    return new OAuthError('invalid_request', error.message);
  }
  if (error instanceof PayloadTooLargeError || error instanceof UnsupportedMediaTypeError) {
    return new OAuthError('invalid_request', error.message, { status: error.status });
  }
  if (error instanceof TooManyRequestsError) {
    return new OAuthError('slow_down', error.message, { status: 429, headers: error.headers });
  }
  return undefined;
}
