import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { issueToken, type IssueTokenDeps } from '../tokens/issueToken.js';
import { presentedClient } from '../tokens/presentedClient.js';
import { clientAuthorization } from './clientAuthorization.js';
import type { RequestSource } from '../tokens/requestSource.js';
import { oauthEndpoint, oauthForm } from './oauthEndpoint.js';
import { sourceEvidence } from './sourceEvidence.js';
import type { FormState } from './requestBody.js';
import { tokenRequestBody } from './schemas.js';

export interface TokenRouterOptions {
  deps: IssueTokenDeps;
  bodyLimit: string;
  /** Where a request comes from, for the failed-secret lockout. */
  requestSource: RequestSource;
}

type Context = ParameterizedContext<{ requestId: string; form: FormState }>;

// POST /oauth2/token (RFC 6749 section 4.4); failures in section 5.2 form (oauthEndpoint).
export function tokenRouter(options: TokenRouterOptions): Router {
  const router = new Router();
  router.post('/oauth2/token', ...oauthEndpoint(options.bodyLimit), async (ctx: Context) => {
    const body = oauthForm(ctx, tokenRequestBody);
    const client = presentedClient(clientAuthorization(ctx), body);
    const issued = await issueToken(options.deps, {
      grantType: body.grant_type,
      scope: body.scope,
      client,
      source: options.requestSource(sourceEvidence(ctx)),
      correlationId: ctx.state.requestId,
    });
    ctx.body = {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      ...(issued.scopes.length > 0 ? { scope: issued.scopes.join(' ') } : {}),
    };
  });
  return router;
}
