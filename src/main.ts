import { loadConfig } from './config.js';
import { ensureDatabase, migrate } from './db/migrate.js';
import { createApp } from './http/app.js';
import { apiRouters } from './http/routes.js';
import { startHttpServer } from './http/server.js';
import { createRuntime } from './runtime.js';
import { onShutdownSignal } from './shutdown.js';

// The API process: migrate, serve, and shut down gracefully.
const config = loadConfig();
await ensureDatabase(config.DATABASE_URL);
await migrate(config.DATABASE_URL);
const runtime = await createRuntime(config, 'api');
const app = createApp({
  logger: runtime.logger,
  routers: apiRouters(runtime),
  trustProxy: config.TRUST_PROXY,
});
const http = await startHttpServer(app, {
  host: config.HTTP_HOST,
  port: config.HTTP_PORT,
  logger: runtime.logger,
});
onShutdownSignal(runtime.logger, [() => http.close(), () => runtime.close()]);
