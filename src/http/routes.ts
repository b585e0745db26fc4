import type Router from '@koa/router';
import { allProjections } from '../projections/projections.js';
import { measureLag } from '../projections/measureLag.js';
import { projectionLagCheck } from '../projections/lagHealthCheck.js';
import type { Runtime } from '../runtime.js';
import { postgresCheck, redisCheck } from './dependencyChecks.js';
import { healthRouter } from './health.js';
import { createMetricsRegistry, metricsRouter } from './metrics.js';

// Every router of the API, built from the runtime's handles.
export function apiRouters(runtime: Runtime): Router[] {
  const measureProjectionLag = () =>
    measureLag(
      runtime,
      allProjections.map((p) => p.name),
      { now: runtime.clock.now() },
    );
  return [
    healthRouter([
      postgresCheck(runtime.pool),
      redisCheck(runtime.redis),
      projectionLagCheck(measureProjectionLag),
    ]),
    metricsRouter(createMetricsRegistry({ measureProjectionLag })),
  ];
}
