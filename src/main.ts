import { loadConfig } from './config.js';
import { ensureDatabase, migrate } from './db/migrate.js';
import { createApp } from './http/app.js';
import { apiRouters } from './http/routes.js';
import { startHttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';
import { handleShutdownSignals } from './shutdown.js';

// The API process: migrate, serve, and shut down gracefully (stop accepting,
// finish in-flight requests, close pools).
const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });
const shutdown = handleShutdownSignals(logger);
await ensureDatabase(config.DATABASE_URL);
await migrate(config.DATABASE_URL);
const runtime = await createRuntime(config, 'api', { logger });
shutdown.add(() => runtime.close());
const app = createApp({ logger, routers: apiRouters(runtime), trustProxy: config.TRUST_PROXY });
const http = await startHttpServer(app, { host: config.HTTP_HOST, port: config.HTTP_PORT, logger });
shutdown.add(() => http.close());
