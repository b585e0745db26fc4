import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

// Queue names; every key lives under the configured prefix so deployments
// and test runs sharing one Redis never see each other's jobs.
export const projectionQueueName = 'projections';
export const rebuildQueueName = 'projection-rebuilds';

export interface QueueSettings {
  connection: ConnectionOptions;
  prefix: string;
}

/** Wakes one projection, or every live projection caught up together (see runTogether.ts). */
export type WakeJobData = { projection: string } | { together: true };

export const togetherJobName = 'together';

export interface RebuildJobData {
  projection: string;
}

/** At most one waiting wake-up per projection, plus one queued behind an active one,
 *  so an event appended while a job runs is never missed. */
export function wakeJobOptions(projection: string): JobsOptions {
  return {
    deduplication: { id: `wake:${projection}`, keepLastIfActive: true },
    attempts: 5,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: true,
    removeOnFail: { count: 100 },
  };
}

/** The same guarantees for the one wake-up job of the projections running together. */
export function togetherJobOptions(): JobsOptions {
  return { ...wakeJobOptions(''), deduplication: { id: 'wake-together', keepLastIfActive: true } };
}

export function createProjectionQueue(settings: QueueSettings): Queue<WakeJobData> {
  return new Queue<WakeJobData>(projectionQueueName, settings);
}

export function createRebuildQueue(settings: QueueSettings): Queue<RebuildJobData> {
  return new Queue<RebuildJobData>(rebuildQueueName, settings);
}
