import { loadConfig } from '../config.js';
import { ensureDatabase, migrate } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { createRuntime } from './runtime.js';
import type { Shutdown } from '../shutdown.js';
import { startFollowUpSweep } from './startFollowUpSweep.js';
import { startProjectionProcess } from './startProjectionProcess.js';
import { startWebhookProcess } from './startWebhookProcess.js';

/**
 * Migrates, then runs the feeder, projection, rebuild and webhook delivery
 * workers and the follow-up sweep until stopped.
 */
export async function runWorkerProcess(shutdown: Shutdown): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
  shutdown.useLogger(logger);
  await ensureDatabase(config.DATABASE_URL);
  await migrate(config.DATABASE_URL);
  const runtime = await createRuntime(config, 'worker', { logger });
  shutdown.add(() => runtime.close());
  const projections = await startProjectionProcess(runtime);
  shutdown.add(() => projections.close());
  const webhooks = await startWebhookProcess(runtime);
  shutdown.add(() => webhooks.close());
  const followUps = startFollowUpSweep(runtime);
  shutdown.add(() => followUps.stop());
}
