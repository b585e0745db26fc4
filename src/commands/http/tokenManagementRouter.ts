import Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { requireBearer, type AuthState } from '../../auth/authenticate.js';
import { tenantAdminRole, type VerifiedAccessToken } from '../../auth/accessTokens.js';
import type { KeyRing } from '../../auth/signingKeys.js';
import { noStore } from '../../http/middleware/noStore.js';
import type { ClientCredentials } from '../credentials/clientCredentials.js';
import { authenticateClient, type AuthenticateClientDeps } from '../tokens/authenticateClient.js';
import type { TokenCaller } from '../tokens/decideTokenRevocation.js';
import { introspectToken } from '../tokens/introspectToken.js';
import { presentedClient } from '../tokens/presentedClient.js';
import { clientAuthorization } from './clientAuthorization.js';
import { noQueryParams } from '../../http/middleware/noQueryParams.js';
import type { RequestSource } from '../tokens/requestSource.js';
import { verifyPresentedToken } from '../tokens/presentedToken.js';
import { revokeToken, type RevokeTokenDeps } from '../tokens/revokeToken.js';
import { oauthEndpoint, oauthForm } from './oauthEndpoint.js';
import { sourceEvidence } from './sourceEvidence.js';
import type { FormState } from './requestBody.js';
import { emptyBody, tokenManagementBody } from './schemas.js';
import { jsonBody } from './requestBody.js';
import { parseOrThrow } from '../../http/validate.js';

export interface TokenManagementRouterOptions {
  deps: RevokeTokenDeps & AuthenticateClientDeps & { keys: KeyRing };
  bodyLimit: string;
  /** Where a request comes from, for the failed-secret lockout. */
  requestSource: RequestSource;
}

type FormContext = ParameterizedContext<{ requestId: string; form: FormState }>;

const callerOf = (client: ClientCredentials): TokenCaller => ({
  tenantId: client.tenantId,
  clientId: client.clientId,
  kind: client.kind,
});

const callerOfToken = (token: VerifiedAccessToken): TokenCaller => ({
  tenantId: token.tenantId,
  clientId: token.clientId,
  kind: token.roles.includes(tenantAdminRole) ? 'admin' : 'agent',
});

// POST /oauth2/revoke (RFC 7009) and POST /oauth2/introspect (RFC 7662), both
// with client authentication as at the token endpoint; and POST
// /api/session/revoke, where a bearer token revokes itself (the portal's
// sign-out, which holds the token but not the client secret).
export function tokenManagementRouter(options: TokenManagementRouterOptions): Router {
  const { deps } = options;
  const router = new Router();

  const authenticatedRequest = async (ctx: FormContext) => {
    const body = oauthForm(ctx, tokenManagementBody);
    const client = await authenticateClient(
      deps,
      presentedClient(clientAuthorization(ctx), body),
      options.requestSource(sourceEvidence(ctx)),
    );
    const token = await verifyPresentedToken(deps.keys, deps.tokenSettings, body.token);
    return { caller: callerOf(client), token };
  };

  router.post('/oauth2/revoke', ...oauthEndpoint(options.bodyLimit), async (ctx: FormContext) => {
    const { caller, token } = await authenticatedRequest(ctx);
    await revokeToken(deps, { caller, token, correlationId: ctx.state.requestId });
    ctx.status = 200;
    ctx.body = {};
  });

  router.post(
    '/oauth2/introspect',
    ...oauthEndpoint(options.bodyLimit),
    async (ctx: FormContext) => {
      const { caller, token } = await authenticatedRequest(ctx);
      ctx.body = await introspectToken(
        {
          pool: deps.pool,
          eventStore: deps.eventStore,
          clock: deps.clock,
          issuer: deps.tokenSettings.issuer,
          audience: deps.tokenSettings.audience,
        },
        caller,
        token,
      );
    },
  );

  router.post(
    '/api/session/revoke',
    noStore(),
    requireBearer(deps.keys, deps.tokenSettings),
    noQueryParams(),
    jsonBody(options.bodyLimit),
    async (ctx) => {
      parseOrThrow(emptyBody, ctx.state.body, 'body');
      const { auth } = ctx.state as AuthState;
      await revokeToken(deps, {
        caller: callerOfToken(auth),
        token: auth,
        correlationId: ctx.state.requestId as string,
      });
      ctx.status = 204;
    },
  );
  return router;
}
