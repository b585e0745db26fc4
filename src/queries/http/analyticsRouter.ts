import Router from '@koa/router';
import type { Context } from 'koa';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { noStore } from '../../http/middleware/noStore.js';
import type { AnalyticsEndpoint } from '../../readModels/ReadModel.js';
import { readModels } from '../../readModels/readModels.js';
import { answerCache, type AnswerCache, type EncodedAnswer } from '../answerCache.js';
import { readModelVersion } from '../readModelVersion.js';
import { withTenantScope } from '../tenantScope.js';
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

// Every endpoint every read model declares (src/readModels/*/readModel.ts),
// under /api/analytics, for tenant admins, in the caller's tenant scope.
export function analyticsRouter(
  deps: QueryDependencies,
  options: AnalyticsRouterOptions = {},
): Router {
  const router = new Router({ prefix: '/api/analytics' });
  const cache = answerCache({ maxBytes: options.answerCacheBytes ?? defaultAnswerCacheBytes });
  router.use(noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings));
  for (const endpoint of readModels.flatMap((model) => model.endpoints)) {
    router.get(endpoint.path, (ctx) => answerEndpoint(ctx, endpoint, deps, cache));
  }
  return router;
}

async function answerEndpoint(
  ctx: Context,
  endpoint: AnalyticsEndpoint,
  deps: QueryDependencies,
  cache: AnswerCache,
): Promise<void> {
  const query = parseQuery(endpoint.query, ctx.query);
  const input = { tenantId: tenantOf(ctx), query, now: deps.clock.now() };
  if ('answer' in endpoint) {
    ctx.body = await withTenantScope(deps.pool, input.tenantId, (client) =>
      endpoint.answer(client, input),
    );
    return;
  }
  // Computed once per read-model version and served from memory until one of
  // its projections writes for the tenant again.
  const answer = await withTenantScope(deps.pool, input.tenantId, async (client) => {
    const version = await readModelVersion(client, input.tenantId, endpoint.cachedUntilWriteOf);
    const key = [endpoint.cacheKey(input), input.tenantId, version].join('|');
    return cache.getOrCompute(key, () => endpoint.answerJson(client, input));
  });
  sendAnswer(ctx, answer);
}
