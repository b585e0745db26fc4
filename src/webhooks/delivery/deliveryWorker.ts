import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../../logger.js';
import { deliverOnce, type AttemptOptions, type DeliveryDeps } from './deliverOnce.js';
import { deliveryQueueName, type DeliveryJobData } from './deliveryQueue.js';

export interface DeliveryWorkerOptions extends AttemptOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** BullMQ job lock; a job whose worker died is taken over after about this long. */
  jobLockMs: number;
}

export class DeliveryAttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryAttemptFailed';
  }
}

// A failed attempt throws so that BullMQ schedules the next one with its
// exponential backoff. A worker killed mid-attempt leaves its job locked; the
// lock runs out and another worker takes it over, sending the same
// `webhook-id` again.
export function startDeliveryWorker(
  deps: DeliveryDeps & { logger: Logger },
  options: DeliveryWorkerOptions,
): Worker<DeliveryJobData> {
  const handle = async (job: Job<DeliveryJobData>): Promise<void> => {
    const result = await deliverOnce(deps, job.data.deliveryId, options);
    if (result.outcome === 'retry') {
      deps.logger.info(
        { deliveryId: job.data.deliveryId, error: result.error, detail: result.detail },
        'webhook delivery attempt failed',
      );
      throw new DeliveryAttemptFailed(result.error);
    }
    if (result.outcome === 'failed') {
      deps.logger.warn(
        { deliveryId: job.data.deliveryId, reason: result.reason, detail: result.detail },
        'webhook delivery failed',
      );
    }
  };
  const worker = new Worker<DeliveryJobData>(deliveryQueueName, handle, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.jobLockMs,
    stalledInterval: options.jobLockMs,
    maxStalledCount: 10,
  });
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'webhook delivery worker error'));
  return worker;
}
