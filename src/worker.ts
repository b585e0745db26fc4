import { loadConfig } from './config.js';
import { ensureDatabase, migrate } from './db/migrate.js';
import { createLogger } from './logger.js';
import { startProjectionProcess } from './projections/startProjectionProcess.js';
import { createRuntime } from './runtime.js';
import { handleShutdownSignals } from './shutdown.js';

// The worker process: feeds, runs and rebuilds projections; any number may run at once.
const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
const shutdown = handleShutdownSignals(logger);
await ensureDatabase(config.DATABASE_URL);
await migrate(config.DATABASE_URL);
const runtime = await createRuntime(config, 'worker', { logger });
shutdown.add(() => runtime.close());
const projections = await startProjectionProcess(runtime);
shutdown.add(() => projections.close());
