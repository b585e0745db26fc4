import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { InvalidEventError } from '../../eventstore/errors.js';
import { liveTarget } from './applyBatch.js';
import { recordProjectionError } from './checkpoints.js';
import type { ProjectionDeps } from './processNextBatch.js';
import type { Projection } from '../Projection.js';
import {
  createProjectionQueue,
  projectionQueueName,
  wakeJobOptions,
  type QueueSettings,
  type WakeJobData,
} from './queues.js';
import { runProjection } from './runProjection.js';
import { runTogether } from './runTogether.js';

export interface ProjectionWorkerOptions extends QueueSettings {
  projections: readonly Projection[];
  batchSize: number;
  lockTimeoutMs: number;
  /** BullMQ job lock; a job whose worker died is taken over after about this long. */
  jobLockMs: number;
}

export interface ProjectionWorker {
  readonly worker: Worker<WakeJobData>;
  /** Lets each running job finish its current batch, then closes. */
  close(): Promise<void>;
}

export function startProjectionWorker(
  deps: ProjectionDeps,
  options: ProjectionWorkerOptions,
): ProjectionWorker {
  let closing = false;
  const byName = new Map(options.projections.map((p) => [p.name, p]));

  const queue = createProjectionQueue(options);
  queue.on('error', (error) => deps.logger.warn({ err: error }, 'projection queue error'));
  const handOff = async (names: readonly string[]): Promise<void> => {
    await Promise.all(
      names.map((name) => queue.add(name, { projection: name }, wakeJobOptions(name))),
    );
  };

  const handle = async (job: Job<WakeJobData>): Promise<number> => {
    if ('together' in job.data) {
      return runTogether(deps, {
        projections: options.projections,
        batchSize: options.batchSize,
        lockTimeoutMs: options.lockTimeoutMs,
        shouldStop: () => closing,
        handOff,
      });
    }
    const projection = byName.get(job.data.projection);
    if (!projection) throw new UnrecoverableError(`Unknown projection ${job.data.projection}`);
    try {
      return await runProjection(deps, projection, {
        target: liveTarget(projection),
        batchSize: options.batchSize,
        lockTimeoutMs: options.lockTimeoutMs,
        shouldStop: () => closing,
        onError: (error, at) =>
          recordProjectionError(deps.pool, projection.name, (error as Error).message, at).catch(
            () => {},
          ),
      });
    } catch (error) {
      const message = (error as Error).message;
      deps.logger.error(
        { err: error, projection: projection.name, attempt: job.attemptsMade + 1 },
        'projection batch failed',
      );
      // An event the store cannot even decode fails every retry alike; the
      // next wake-up tries again, and health shows the error meanwhile.
      if (error instanceof InvalidEventError) throw new UnrecoverableError(message);
      throw error;
    }
  };

  const worker = new Worker<WakeJobData>(projectionQueueName, handle, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: Math.max(1, options.projections.length),
    lockDuration: options.jobLockMs,
    stalledInterval: options.jobLockMs,
    maxStalledCount: 3,
  });
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'projection worker error'));

  return {
    worker,
    async close() {
      closing = true;
      await worker.close();
      await queue.close();
    },
  };
}
