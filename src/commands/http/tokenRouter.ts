import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { parseOrThrow } from '../../http/validate.js';
import {
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors.js';
import { clientSource } from '../tokens/clientSource.js';
import { issueToken, type IssueTokenDeps } from '../tokens/issueToken.js';
import { OAuthError } from '../tokens/oauthError.js';
import { presentedClient } from '../tokens/presentedClient.js';
import { formBody, type FormState } from './requestBody.js';
import { tokenRequestBody } from './schemas.js';

export interface TokenRouterOptions {
  deps: IssueTokenDeps;
  bodyLimit: string;
}

type Context = ParameterizedContext<{ requestId: string; form: FormState }>;

// POST /oauth2/token. Refusals answer in RFC 6749 section 5.2 form (JSON
// with error and error_description), also oversized (413) or encoded (415)
// bodies and rate limiting (429, with Retry-After); only an unavailable store
// (503) leaves through the problem details middleware.
export function tokenRouter(options: TokenRouterOptions): Router {
  const router = new Router();
  const wrongType = () =>
    new OAuthError('invalid_request', 'Send the body as application/x-www-form-urlencoded');

  router.post(
    '/oauth2/token',
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
    formBody(options.bodyLimit, wrongType),
    async (ctx: Context) => {
      const { values, duplicates } = ctx.state.form;
      if (duplicates.length > 0) {
        throw new OAuthError('invalid_request', `Repeated parameter: ${duplicates[0]}`);
      }
      const body = parseOrThrow(tokenRequestBody, values, 'body');
      const client = presentedClient(ctx.get('authorization') || undefined, body);
      const issued = await issueToken(options.deps, {
        grantType: body.grant_type,
        scope: body.scope,
        client,
        source: clientSource(ctx.ip),
        correlationId: ctx.state.requestId,
      });
      ctx.body = {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        ...(issued.scopes.length > 0 ? { scope: issued.scopes.join(' ') } : {}),
      };
    },
  );
  return router;
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
