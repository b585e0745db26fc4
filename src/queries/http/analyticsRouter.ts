import Router from '@koa/router';
import type { Context } from 'koa';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { agentActivityProjection } from '../../readModels/agentActivity/projection.js';
import { agentsProjection } from '../../readModels/agents/projection.js';
import { monthlyTokensProjection } from '../../readModels/monthlyTokens/projection.js';
import { answerCache, type EncodedAnswer } from '../answerCache.js';
import {
  getActivityHeatmapJson,
  heatmapWindowStart,
} from '../../readModels/agentActivity/getActivityHeatmap.js';
import { getAgentUsageJson, usageMonth } from '../../readModels/monthlyTokens/getAgentUsage.js';
import { getTokenTrend } from '../../readModels/dailyMetrics/getTokenTrend.js';
import { readModelVersion } from '../readModelVersion.js';
import { activityHeatmapQuery } from '../../readModels/agentActivity/request.js';
import { tokenTrendQuery } from '../../readModels/dailyMetrics/request.js';
import { agentUsageQuery } from '../../readModels/monthlyTokens/request.js';
import { withTenantScope } from '../tenantScope.js';
import { noStore } from '../../http/middleware/noStore.js';
import { parseQuery } from './parseQuery.js';
import type { QueryDependencies } from './queryDependencies.js';
import { tenantOf } from './tenantOf.js';

export interface AnalyticsRouterOptions {
  /** Memory for cached heatmap and usage answers; 0 turns the cache off. */
  answerCacheBytes?: number;
}

const defaultAnswerCacheBytes = 64 * 1024 * 1024;

function sendAnswer(ctx: Context, answer: EncodedAnswer): void {
  ctx.type = 'application/json';
  ctx.vary('Accept-Encoding');
  if (answer.gzip && ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = answer.gzip;
  } else {
    ctx.body = answer.json;
  }
}

export function analyticsRouter(
  deps: QueryDependencies,
  options: AnalyticsRouterOptions = {},
): Router {
  const router = new Router({ prefix: '/api/analytics' });
  const cache = answerCache({ maxBytes: options.answerCacheBytes ?? defaultAnswerCacheBytes });
  router.use(noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings));

  router.get('/tokens', async (ctx) => {
    const { days } = parseQuery(tokenTrendQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    ctx.body = await withTenantScope(deps.pool, tenantId, (client) =>
      getTokenTrend(client, { tenantId, days, now: deps.clock.now() }),
    );
  });

  // The heatmap and usage answers run to thousands of rows for a large
  // tenant; they are computed once per read-model version and served from
  // memory until a projection writes for the tenant again.
  router.get('/agents/activity', async (ctx) => {
    const { agent_id: agentId } = parseQuery(activityHeatmapQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    const now = deps.clock.now();
    const answer = await withTenantScope(deps.pool, tenantId, async (client) => {
      const version = await readModelVersion(client, tenantId, [agentActivityProjection.name]);
      const key = [
        'activity',
        tenantId,
        agentId ?? '*',
        heatmapWindowStart(now).toISOString(),
        version,
      ].join('|');
      return cache.getOrCompute(key, () =>
        getActivityHeatmapJson(client, { tenantId, agentId, now }),
      );
    });
    sendAnswer(ctx, answer);
  });

  router.get('/agents', async (ctx) => {
    parseQuery(agentUsageQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    const now = deps.clock.now();
    const answer = await withTenantScope(deps.pool, tenantId, async (client) => {
      const version = await readModelVersion(client, tenantId, [
        agentsProjection.name,
        monthlyTokensProjection.name,
      ]);
      const key = ['usage', tenantId, usageMonth(now), version].join('|');
      return cache.getOrCompute(key, () => getAgentUsageJson(client, { tenantId, now }));
    });
    sendAnswer(ctx, answer);
  });

  return router;
}
