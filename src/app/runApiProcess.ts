import { loadConfig } from '../config.js';
import { ensureDatabase, migrate } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { createRuntime } from './runtime.js';
import type { Shutdown } from '../shutdown.js';
import { startApiListeners } from './apiListeners.js';

/** Migrates, then serves the API until stopped. */
export async function runApiProcess(shutdown: Shutdown): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });
  shutdown.useLogger(logger);
  await ensureDatabase(config.DATABASE_URL);
  await migrate(config.DATABASE_URL);
  const runtime = await createRuntime(config, 'api', { logger, watchSigningKeys: true });
  shutdown.add(() => runtime.close());
  const listeners = await startApiListeners(runtime, logger);
  shutdown.add(() => listeners.api.close());
  const { metrics } = listeners;
  if (metrics) shutdown.add(() => metrics.close());
}
