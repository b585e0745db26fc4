import Router from '@koa/router';
import type { Middleware, ParameterizedContext } from 'koa';
import type { AuthState } from '../../auth/authenticate.js';
import { NotFoundError } from '../../errors.js';
import { noQueryParams } from '../../http/middleware/noQueryParams.js';
import { parseOrThrow } from '../../http/validate.js';
import { subscribeWebhookBody, webhookParams } from '../../webhooks/request.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { sendTestMessage } from '../webhooks/sendTestMessage.js';
import { subscribeWebhook, type DestinationPolicy } from '../webhooks/subscribeWebhook.js';
import { unsubscribeWebhook } from '../webhooks/unsubscribeWebhook.js';
import type { TenantActionLimiter } from '../tenantActionLimiter.js';
import { jsonBody, type JsonBodyState } from './requestBody.js';
import { emptyBody } from './schemas.js';

export interface WebhooksRouterOptions {
  deps: CommandDeps;
  destinations: DestinationPolicy;
  testMessages: TenantActionLimiter;
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

function subscriptionId(ctx: Context): string {
  const parsed = webhookParams.safeParse(ctx.params);
  if (!parsed.success) throw new NotFoundError('No such webhook subscription');
  return parsed.data.id;
}

// Tenant admin commands on webhook subscriptions; the tenant comes from the token only.
export function webhooksRouter(options: WebhooksRouterOptions): Router {
  const { deps } = options;
  const router = new Router();
  const body = jsonBody(options.bodyLimit);
  const admin = [options.requireTenantAdmin, noQueryParams()] as const;

  router.post('/api/webhooks', ...admin, body, async (ctx: Context) => {
    const input = parseOrThrow(subscribeWebhookBody, ctx.state.body, 'body');
    const created = await subscribeWebhook(deps, options.destinations, {
      tenantId: ctx.state.auth.tenantId,
      url: input.url,
      events: input.events,
      origin: origin(ctx),
    });
    ctx.status = 201;
    ctx.set('Location', `/api/webhooks/${created.subscriptionId}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      id: created.subscriptionId,
      url: created.url,
      events: created.events,
      created_at: created.createdAt.toISOString(),
      secret: created.secret,
    };
  });

  router.delete('/api/webhooks/:id', ...admin, body, async (ctx: Context) => {
    const id = subscriptionId(ctx);
    parseOrThrow(emptyBody, ctx.state.body, 'body');
    await unsubscribeWebhook(deps, {
      tenantId: ctx.state.auth.tenantId,
      subscriptionId: id,
      origin: origin(ctx),
    });
    ctx.status = 204;
  });

  router.post('/api/webhooks/:id/test', ...admin, body, async (ctx: Context) => {
    const id = subscriptionId(ctx);
    parseOrThrow(emptyBody, ctx.state.body ?? {}, 'body');
    await options.testMessages.admit(ctx.state.auth.tenantId);
    const sent = await sendTestMessage(deps, {
      tenantId: ctx.state.auth.tenantId,
      subscriptionId: id,
    });
    ctx.status = 202;
    ctx.body = { delivery_id: sent.deliveryId, message_id: sent.messageId };
  });

  return router;
}
