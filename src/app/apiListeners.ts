import type { Logger } from '../logger.js';
import type { Runtime } from './runtime.js';
import { createApp } from './app.js';
import { apiRouters, metricsRouterOf } from './routes.js';
import { startHttpServer, type RunningServer } from '../http/server.js';

export interface ApiListeners {
  api: RunningServer;
  /** Only when METRICS_PORT is set: serves /metrics and nothing else. */
  metrics?: RunningServer;
}

// The API listener, and with METRICS_PORT a second one for /metrics alone, so
// Prometheus can scrape a port that is not exposed with the API.
export async function startApiListeners(runtime: Runtime, logger: Logger): Promise<ApiListeners> {
  const { config } = runtime;
  const app = createApp({ logger, routers: apiRouters(runtime), trustProxy: config.TRUST_PROXY });
  const api = await startHttpServer(app, {
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logger,
  });
  if (config.METRICS_PORT === undefined) return { api };
  try {
    const metricsApp = createApp({ logger, routers: [metricsRouterOf(runtime)] });
    const metrics = await startHttpServer(metricsApp, {
      host: config.HTTP_HOST,
      port: config.METRICS_PORT,
      logger,
    });
    return { api, metrics };
  } catch (error) {
    await api.close(0);
    throw error;
  }
}
