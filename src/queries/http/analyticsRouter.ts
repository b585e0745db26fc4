import Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { getActivityHeatmap } from '../getActivityHeatmap.js';
import { getAgentUsage } from '../getAgentUsage.js';
import { getTokenTrend } from '../getTokenTrend.js';
import { activityHeatmapQuery, agentUsageQuery, tokenTrendQuery } from '../schemas/analytics.js';
import { withTenantScope } from '../tenantScope.js';
import { noStore } from './noStore.js';
import { parseQuery } from './parseQuery.js';
import type { QueryDependencies } from './queryDependencies.js';
import { tenantOf } from './tenantOf.js';

export function analyticsRouter(deps: QueryDependencies): Router {
  const router = new Router({ prefix: '/api/analytics' });
  router.use(noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings));

  router.get('/tokens', async (ctx) => {
    const { days } = parseQuery(tokenTrendQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    ctx.body = await withTenantScope(deps.pool, tenantId, (client) =>
      getTokenTrend(client, { tenantId, days, now: deps.clock.now() }),
    );
  });

  router.get('/agents/activity', async (ctx) => {
    const { agent_id: agentId } = parseQuery(activityHeatmapQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    ctx.body = await withTenantScope(deps.pool, tenantId, (client) =>
      getActivityHeatmap(client, { tenantId, agentId, now: deps.clock.now() }),
    );
  });

  router.get('/agents', async (ctx) => {
    parseQuery(agentUsageQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    ctx.body = await withTenantScope(deps.pool, tenantId, (client) =>
      getAgentUsage(client, { tenantId, now: deps.clock.now() }),
    );
  });

  return router;
}
