import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { NotFoundError } from '../../errors.js';
import type { ProjectionDeps } from '../runner/processNextBatch.js';
import type { Projection } from '../Projection.js';
import { rebuildQueueName, type QueueSettings, type RebuildJobData } from '../runner/queues.js';
import { rebuildProjection, type RebuildProgress } from './rebuildProjection.js';

export interface RebuildWorkerOptions extends QueueSettings {
  findProjection(name: string): Projection;
  batchSize: number;
  buildBatchSize: number;
  lockTimeoutMs: number;
  jobLockMs: number;
  /** Where a rebuild's fold thread loads the projections from (RebuildOptions). */
  projectionsModule?: string;
}

/** Runs rebuilds queued with `projections rebuild --queue`, reporting progress on the job. */
export function startRebuildWorker(
  deps: ProjectionDeps,
  options: RebuildWorkerOptions,
): Worker<RebuildJobData, RebuildProgress> {
  const handle = async (job: Job<RebuildJobData, RebuildProgress>): Promise<RebuildProgress> => {
    let projection: Projection;
    try {
      projection = options.findProjection(job.data.projection);
    } catch (error) {
      if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
      throw error;
    }
    let lastReport = 0;
    return rebuildProjection(deps, projection, {
      batchSize: options.batchSize,
      buildBatchSize: options.buildBatchSize,
      lockTimeoutMs: options.lockTimeoutMs,
      ...(options.projectionsModule ? { projectionsModule: options.projectionsModule } : {}),
      onProgress: (progress) => {
        const now = Date.now();
        if (progress.phase === 'building' && now - lastReport < 500) return;
        lastReport = now;
        void job.updateProgress({ ...progress }).catch(() => {});
      },
    });
  };
  const worker = new Worker<RebuildJobData, RebuildProgress>(rebuildQueueName, handle, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
    lockDuration: options.jobLockMs,
  });
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'rebuild worker error'));
  worker.on('failed', (job, error) =>
    deps.logger.error({ err: error, projection: job?.data.projection }, 'rebuild failed'),
  );
  return worker;
}
