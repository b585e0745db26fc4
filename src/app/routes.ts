import type Router from '@koa/router';
import { commandRouters, type CommandRoutersOptions } from '../commands/http/commandRouters.js';
import { allProjections } from '../readModels/allProjections.js';
import { measureLag } from '../projections/lag/measureLag.js';
import { projectionLagCheck } from '../projections/lag/lagHealthCheck.js';
import { registerQueryPaths } from '../queries/openapi.js';
import { agentsRouter } from '../queries/http/agentsRouter.js';
import { analyticsRouter } from '../queries/http/analyticsRouter.js';
import { auditRouter } from '../queries/http/auditRouter.js';
import { webhooksQueryRouter } from '../queries/http/webhooksRouter.js';
import type { Runtime } from './runtime.js';
import { postgresCheck, redisCheck } from '../http/dependencyChecks.js';
import { healthRouter } from '../http/health.js';
import { createMetricsRegistry, metricsRouter } from './metrics.js';
import { registerCommandPaths } from '../commands/http/commandPaths.js';
import { openapiRouter } from '../http/openapi/openapiRouter.js';
import type { PathRegistrar } from '../http/openapi/registry.js';
import { registerServicePaths } from '../http/openapi/servicePaths.js';
import { registerTenantSettingsPaths } from '../commands/http/tenantSettingsPaths.js';
import { registerTokenManagementPaths } from '../commands/http/tokenManagementPaths.js';
import { registerWebhookPaths } from '../commands/http/webhookPaths.js';

/** Every area's contribution to /openapi.json. */
export const openapiRegistrars: readonly PathRegistrar[] = [
  registerServicePaths,
  registerQueryPaths,
  registerCommandPaths,
  registerTokenManagementPaths,
  registerTenantSettingsPaths,
  registerWebhookPaths,
];

function projectionLagOf(runtime: Runtime) {
  return () =>
    measureLag(
      runtime,
      allProjections.map((p) => p.name),
      { now: runtime.clock.now() },
    );
}

/** GET /metrics (Prometheus). */
export function metricsRouterOf(runtime: Runtime): Router {
  return metricsRouter(createMetricsRegistry({ measureProjectionLag: projectionLagOf(runtime) }));
}

// Every router of the API, built from the runtime's handles. /metrics is
// among them unless METRICS_PORT gives it a listener of its own.
export function apiRouters(runtime: Runtime, options: CommandRoutersOptions = {}): Router[] {
  const measureProjectionLag = projectionLagOf(runtime);
  const ownMetricsListener = runtime.config.METRICS_PORT !== undefined;
  return [
    healthRouter([
      postgresCheck(runtime.pool),
      redisCheck(runtime.redis),
      projectionLagCheck(measureProjectionLag),
    ]),
    ...(ownMetricsListener ? [] : [metricsRouterOf(runtime)]),
    openapiRouter(openapiRegistrars),
    ...commandRouters(runtime, options),
    analyticsRouter(runtime, { answerCacheBytes: runtime.config.QUERY_CACHE_MB * 1024 * 1024 }),
    agentsRouter(runtime),
    auditRouter(runtime),
    webhooksQueryRouter(runtime),
  ];
}
