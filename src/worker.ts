import { loadConfig } from './config.js';
import { ensureDatabase, migrate } from './db/migrate.js';
import { startProjectionProcess } from './projections/startProjectionProcess.js';
import { createRuntime } from './runtime.js';
import { onShutdownSignal } from './shutdown.js';

// The worker process: feeds, runs and rebuilds projections; any number may run at once.
const config = loadConfig();
await ensureDatabase(config.DATABASE_URL);
await migrate(config.DATABASE_URL);
const runtime = await createRuntime(config, 'worker');
const projections = await startProjectionProcess(runtime);
onShutdownSignal(runtime.logger, [() => projections.close(), () => runtime.close()]);
