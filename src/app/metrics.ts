import Router from '@koa/router';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { ProjectionLag } from '../projections/lag/measureLag.js';
import { registerProjectionGauges } from '../projections/lag/lagGauges.js';

/** A registry of its own per app, so several apps in one process (tests) never collide. */
export function createMetricsRegistry(options: {
  measureProjectionLag: () => Promise<ProjectionLag[]>;
  defaultMetrics?: boolean;
}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  registerProjectionGauges(registry, options.measureProjectionLag);
  return registry;
}

export function metricsRouter(registry: Registry): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    ctx.set('Content-Type', registry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await registry.metrics();
  });
  return router;
}
