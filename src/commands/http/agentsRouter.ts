import Router from '@koa/router';
import type { Middleware, ParameterizedContext } from 'koa';
import type { AuthState } from '../../auth/authenticate.js';
import { NotFoundError } from '../../errors.js';
import { noQueryParams } from '../../http/middleware/noQueryParams.js';
import { parseOrThrow } from '../../http/validate.js';
import { revisionPrecondition } from './revisionPrecondition.js';
import { deactivateAgent } from '../agents/deactivateAgent.js';
import { registerAgent } from '../agents/registerAgent.js';
import { rotateAgentSecret } from '../agents/rotateAgentSecret.js';
import { updateAgent } from '../agents/updateAgent.js';
import { removeAgentQuota, setAgentQuota } from '../quotas/setAgentQuota.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { agentResource, etagOf } from './agentResource.js';
import { jsonBody, type JsonBodyState } from './requestBody.js';
import {
  agentIdParams,
  agentQuotaBody,
  deactivateAgentBody,
  emptyBody,
  registerAgentBody,
  updateAgentBody,
} from './schemas.js';

export interface AgentsRouterOptions {
  deps: CommandDeps;
  /** Verifies the bearer token and requires the tenant admin role. */
  requireTenantAdmin: Middleware;
  bodyLimit: string;
}

type Context = ParameterizedContext<AuthState & JsonBodyState & { requestId: string }>;

function origin(ctx: Context): CommandOrigin {
  return {
    actor: { type: 'admin', id: ctx.state.auth.clientId },
    correlationId: ctx.state.requestId,
  };
}

// A malformed id names no agent of this tenant: 404, like another tenant's id.
function agentId(ctx: Context): string {
  const parsed = agentIdParams.safeParse(ctx.params);
  if (!parsed.success) throw new NotFoundError('No such agent');
  return parsed.data.id;
}

// Tenant admin commands on agents. The tenant comes from the verified token only.
export function agentsRouter(options: AgentsRouterOptions): Router {
  const { deps } = options;
  const router = new Router();
  const body = jsonBody(options.bodyLimit);
  // Commands take their input from the path and the body only.
  const admin = [options.requireTenantAdmin, noQueryParams()] as const;

  router.post('/api/agents', ...admin, body, async (ctx: Context) => {
    const input = parseOrThrow(registerAgentBody, ctx.state.body, 'body');
    const registered = await registerAgent(deps, {
      tenantId: ctx.state.auth.tenantId,
      name: input.name,
      description: input.description ?? null,
      scopes: input.scopes ?? [],
      origin: origin(ctx),
    });
    ctx.status = 201;
    ctx.set('Location', `/api/agents/${registered.agent.agentId}`);
    ctx.set('ETag', etagOf(registered.revision));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...agentResource(registered), client_secret: registered.clientSecret };
  });

  router.patch('/api/agents/:id', ...admin, body, async (ctx: Context) => {
    const id = agentId(ctx);
    const precondition = revisionPrecondition(ctx);
    const input = parseOrThrow(updateAgentBody, ctx.state.body, 'body');
    const updated = await updateAgent(deps, {
      tenantId: ctx.state.auth.tenantId,
      agentId: id,
      ...input,
      ...(precondition !== undefined ? { precondition } : {}),
      origin: origin(ctx),
    });
    ctx.set('ETag', etagOf(updated.revision));
    ctx.body = agentResource(updated);
  });

  router.post('/api/agents/:id/rotate-secret', ...admin, body, async (ctx: Context) => {
    const id = agentId(ctx);
    const precondition = revisionPrecondition(ctx);
    parseOrThrow(emptyBody, ctx.state.body, 'body');
    const rotated = await rotateAgentSecret(deps, {
      tenantId: ctx.state.auth.tenantId,
      agentId: id,
      ...(precondition !== undefined ? { precondition } : {}),
      origin: origin(ctx),
    });
    ctx.set('ETag', etagOf(rotated.revision));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...agentResource(rotated), client_secret: rotated.clientSecret };
  });

  const deactivate = async (ctx: Context) => {
    const id = agentId(ctx);
    const precondition = revisionPrecondition(ctx);
    const input = parseOrThrow(deactivateAgentBody, ctx.state.body ?? {}, 'body');
    return deactivateAgent(deps, {
      tenantId: ctx.state.auth.tenantId,
      agentId: id,
      reason: input.reason ?? null,
      ...(precondition !== undefined ? { precondition } : {}),
      origin: origin(ctx),
    });
  };

  router.post('/api/agents/:id/deactivate', ...admin, body, async (ctx: Context) => {
    const deactivated = await deactivate(ctx);
    ctx.set('ETag', etagOf(deactivated.revision));
    ctx.body = agentResource(deactivated);
  });

  router.delete('/api/agents/:id', ...admin, body, async (ctx: Context) => {
    const deactivated = await deactivate(ctx);
    ctx.set('ETag', etagOf(deactivated.revision));
    ctx.status = 204;
  });

  router.put('/api/agents/:id/quota', ...admin, body, async (ctx: Context) => {
    const id = agentId(ctx);
    const precondition = revisionPrecondition(ctx);
    const quota = parseOrThrow(agentQuotaBody, ctx.state.body, 'body');
    const updated = await setAgentQuota(deps, {
      tenantId: ctx.state.auth.tenantId,
      agentId: id,
      quota,
      ...(precondition !== undefined ? { precondition } : {}),
      origin: origin(ctx),
    });
    ctx.set('ETag', etagOf(updated.revision));
    ctx.body = agentResource(updated);
  });

  router.delete('/api/agents/:id/quota', ...admin, body, async (ctx: Context) => {
    const id = agentId(ctx);
    const precondition = revisionPrecondition(ctx);
    parseOrThrow(emptyBody, ctx.state.body, 'body');
    const updated = await removeAgentQuota(deps, {
      tenantId: ctx.state.auth.tenantId,
      agentId: id,
      ...(precondition !== undefined ? { precondition } : {}),
      origin: origin(ctx),
    });
    ctx.set('ETag', etagOf(updated.revision));
    ctx.body = agentResource(updated);
  });

  return router;
}
