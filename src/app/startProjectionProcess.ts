import type { Runtime } from './runtime.js';
import { createRedis } from '../redis.js';
import { startFeeder, type Feeder } from '../projections/runner/feeder.js';
import {
  findProjection,
  allProjections,
  allProjectionsModule,
} from '../readModels/allProjections.js';
import {
  startProjectionWorker,
  type ProjectionWorker,
} from '../projections/runner/projectionWorker.js';
import { createProjectionQueue, type QueueSettings } from '../projections/runner/queues.js';
import { startRebuildWorker } from '../projections/rebuild/rebuildWorker.js';

export interface ProjectionProcess {
  feeder: Feeder;
  worker: ProjectionWorker;
  /** Graceful: stops feeding, lets running batches finish, closes queues and connections. */
  close(): Promise<void>;
}

const gracefulStopMs = 5000;

/** Feeder, projection worker and rebuild worker of one worker process. */
export async function startProjectionProcess(
  runtime: Pick<Runtime, 'config' | 'logger' | 'pool' | 'eventStore'>,
): Promise<ProjectionProcess> {
  const { config } = runtime;
  const connection = createRedis(config.REDIS_URL, { forBullmq: true });
  connection.on('error', (error) => runtime.logger.warn({ err: error }, 'redis connection error'));
  const settings: QueueSettings = { connection, prefix: config.PROJECTION_QUEUE_PREFIX };
  const deps = { pool: runtime.pool, eventStore: runtime.eventStore, logger: runtime.logger };
  const queue = createProjectionQueue(settings);
  queue.on('error', (error) => runtime.logger.warn({ err: error }, 'projection queue error'));
  const tuning = {
    batchSize: config.PROJECTION_BATCH_SIZE,
    lockTimeoutMs: config.PROJECTION_LOCK_TIMEOUT_MS,
    jobLockMs: config.PROJECTION_JOB_LOCK_MS,
  };
  const worker = startProjectionWorker(deps, {
    ...settings,
    ...tuning,
    projections: allProjections,
  });
  const rebuilds = startRebuildWorker(deps, {
    ...settings,
    ...tuning,
    buildBatchSize: config.PROJECTION_REBUILD_BATCH_SIZE,
    findProjection,
    ...(config.PROJECTION_REBUILD_FOLD_THREAD ? { projectionsModule: allProjectionsModule } : {}),
  });
  const feeder = await startFeeder({
    ...deps,
    queue,
    projections: allProjections,
    wakeIntervalMs: config.PROJECTION_WAKE_INTERVAL_MS,
    minWakeGapMs: config.PROJECTION_MIN_WAKE_GAP_MS,
    together: config.PROJECTION_LIVE_TOGETHER,
  });
  runtime.logger.info({ prefix: settings.prefix }, 'projection worker started');
  return {
    feeder,
    worker,
    async close() {
      const graceful = (async () => {
        await feeder.stop();
        await Promise.all([worker.close(), rebuilds.close()]);
        await queue.close();
      })();
      // Closing BullMQ waits on Redis; with Redis gone it would wait forever.
      // Cutting the connection then is safe: an unfinished batch rolls back and
      // its checkpoint did not move.
      const stopped = await Promise.race([
        graceful.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), gracefulStopMs).unref()),
      ]);
      if (!stopped) {
        runtime.logger.warn(
          { waitedMs: gracefulStopMs },
          'projection worker did not stop in time (is Redis reachable?); closing its connections',
        );
      }
      connection.disconnect();
    },
  };
}
