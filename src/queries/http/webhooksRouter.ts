import Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { NotFoundError } from '../../errors.js';
import { noStore } from '../../http/middleware/noStore.js';
import { noQueryParams } from '../../http/queryParams.js';
import { webhookDeliveriesQuery, webhookParams } from '../../webhooks/request.js';
import { findEndpoint, listEndpoints } from '../../webhooks/subscriptions/webhookEndpoints.js';
import { cursorKey } from '../cursorKey.js';
import { withTenantScope } from '../tenantScope.js';
import { getWebhookDeliveries } from '../webhooks/getWebhookDeliveries.js';
import { parseQuery } from './parseQuery.js';
import type { QueryDependencies } from './queryDependencies.js';
import { tenantOf } from './tenantOf.js';

// A malformed id names no subscription of this tenant: 404, like another tenant's id.
function subscriptionIdOf(params: unknown): string {
  const parsed = webhookParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('No such webhook subscription');
  return parsed.data.id;
}

/** GET /api/webhooks and GET /api/webhooks/:id/deliveries, in the tenant's read scope. */
export function webhooksQueryRouter(deps: QueryDependencies): Router {
  const router = new Router({ prefix: '/api/webhooks' });
  const guard = [noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings)] as const;

  router.get('/', ...guard, async (ctx) => {
    parseQuery(noQueryParams, ctx.query);
    const tenantId = tenantOf(ctx);
    const endpoints = await withTenantScope(deps.pool, tenantId, (client) =>
      listEndpoints(client, tenantId),
    );
    ctx.body = {
      items: endpoints.map((endpoint) => ({
        id: endpoint.subscriptionId,
        url: endpoint.url,
        events: endpoint.events,
        created_at: endpoint.createdAt.toISOString(),
      })),
    };
  });

  router.get('/:id/deliveries', ...guard, async (ctx) => {
    const subscriptionId = subscriptionIdOf(ctx.params);
    const query = parseQuery(webhookDeliveriesQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    const key = await cursorKey(deps.pool);
    ctx.body = await withTenantScope(deps.pool, tenantId, async (client) => {
      // Removed subscriptions keep their delivery log; another tenant's is not found.
      if (!(await findEndpoint(client, tenantId, subscriptionId))) {
        throw new NotFoundError('No such webhook subscription');
      }
      return getWebhookDeliveries(client, {
        tenantId,
        subscriptionId,
        limit: query.limit,
        cursor: query.cursor,
        cursorKey: key,
      });
    });
  });

  return router;
}
