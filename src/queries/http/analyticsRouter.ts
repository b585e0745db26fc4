import Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { answerFormat, withoutFormat, type ExportFormat } from '../../http/export/answerFormat.js';
import { sendExport } from '../../http/export/sendExport.js';
import { tabularAnswer } from '../../http/export/tabularAnswer.js';
import { noStore } from '../../http/middleware/noStore.js';
import type { AnalyticsEndpoint, AnswerInput } from '../../readModels/ReadModel.js';
import { readModels } from '../../readModels/readModels.js';
import { getReportingTimeZone } from '../../readModels/tenantSettings/getReportingTimeZone.js';
import { defaultTimeZone } from '../../timeZones/reportingTimeZone.js';
import { utcDate } from '../../readModels/utcCalendar.js';
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

type EndpointInput = AnswerInput<z.infer<AnalyticsEndpoint['query']>>;

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
// under /api/analytics, for tenant admins, in the caller's tenant scope, as
// JSON or (Accept or ?format=) as a CSV or NDJSON download of the same answer.
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
  const format = answerFormat(ctx);
  const query = parseQuery(endpoint.query, withoutFormat(ctx.query));
  const tenantId = tenantOf(ctx);
  const now = deps.clock.now();
  const { input, result } = await withTenantScope(deps.pool, tenantId, async (client) => {
    // Only answers that follow the zone pay for reading it.
    const timeZone = endpoint.followsTimeZone
      ? await getReportingTimeZone(client, tenantId)
      : defaultTimeZone;
    const input: EndpointInput = { tenantId, query, now, timeZone };
    if ('answer' in endpoint) {
      return { input, result: { value: await endpoint.answer(client, input) } as Result };
    }
    // Computed once per read-model version and served from memory until one
    // of its projections writes for the tenant again.
    const version = await readModelVersion(client, tenantId, endpoint.cachedUntilWriteOf);
    const key = [endpoint.cacheKey(input), timeZone, tenantId, version].join('|');
    const encoded = await cache.getOrCompute(key, () => endpoint.answerJson(client, input));
    return { input, result: { encoded } as Result };
  });
  ctx.set('Reporting-Time-Zone', input.timeZone);
  if ('value' in result) {
    if (format === 'json') ctx.body = result.value;
    else exportAnswer(ctx, format, endpoint, input, result.value);
  } else if (format === 'json') sendAnswer(ctx, result.encoded);
  else exportAnswer(ctx, format, endpoint, input, JSON.parse(result.encoded.json.toString('utf8')));
}

/** An answer computed for this request, or JSON text from the cache. */
type Result = { value: unknown } | { encoded: EncodedAnswer };

function exportAnswer(
  ctx: Context,
  format: ExportFormat,
  endpoint: AnalyticsEndpoint,
  input: EndpointInput,
  answer: unknown,
): void {
  const { rows, shape } = tabularAnswer(answer, endpoint.response);
  sendExport(ctx, format, exportName(endpoint, input), [rows], shape);
}

/** `analytics-agents-activity_2026-10-27_2026-11-25`: the view and the days it covers. */
function exportName(endpoint: AnalyticsEndpoint, input: EndpointInput): string {
  const view = ['analytics', ...endpoint.path.split('/').filter(Boolean)].join('-');
  const window = endpoint.window?.(input);
  const range = window ? [window.first, window.last] : [utcDate(input.now)];
  return [view, ...range].join('_');
}
