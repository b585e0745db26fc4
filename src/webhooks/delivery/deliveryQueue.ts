import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

// The webhook deliveries' own queue, beside the projections' under the same prefix.
export const deliveryQueueName = 'webhook-deliveries';

export interface DeliveryJobData {
  deliveryId: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the first retry; each next one waits twice as long. */
  baseDelayMs: number;
}

/** The wait after attempt `attempt` (1-based) fails: BullMQ's exponential backoff. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.round(2 ** (attempt - 1) * policy.baseDelayMs);
}

/** One job per delivery, its id the delivery's, so queueing it twice adds nothing. */
export function deliveryJobOptions(deliveryId: string, policy: RetryPolicy): JobsOptions {
  return {
    jobId: deliveryId,
    attempts: policy.maxAttempts,
    backoff: { type: 'exponential', delay: policy.baseDelayMs },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

export function createDeliveryQueue(settings: {
  connection: ConnectionOptions;
  prefix: string;
}): Queue<DeliveryJobData> {
  return new Queue<DeliveryJobData>(deliveryQueueName, settings);
}
