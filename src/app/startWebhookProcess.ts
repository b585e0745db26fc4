import type { Runtime } from './runtime.js';
import { createRedis } from '../redis.js';
import { createDeliveryQueue } from '../webhooks/delivery/deliveryQueue.js';
import { startDeliveryDispatcher } from '../webhooks/delivery/deliveryDispatcher.js';
import { startDeliveryWorker } from '../webhooks/delivery/deliveryWorker.js';

export interface WebhookProcess {
  close(): Promise<void>;
}

/** The webhook dispatcher and delivery worker of one worker process. */
export async function startWebhookProcess(
  runtime: Pick<Runtime, 'config' | 'logger' | 'pool' | 'eventStore'>,
): Promise<WebhookProcess> {
  const { config, logger, pool, eventStore } = runtime;
  const connection = createRedis(config.REDIS_URL, { forBullmq: true });
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const settings = { connection, prefix: config.PROJECTION_QUEUE_PREFIX };
  const retry = {
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    baseDelayMs: config.WEBHOOK_RETRY_BASE_MS,
  };
  const queue = createDeliveryQueue(settings);
  queue.on('error', (error) => logger.warn({ err: error }, 'webhook queue error'));
  const worker = startDeliveryWorker(
    { pool, eventStore, logger },
    {
      ...settings,
      concurrency: config.WEBHOOK_CONCURRENCY,
      jobLockMs: config.WEBHOOK_JOB_LOCK_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
      retry,
      now: () => new Date(),
    },
  );
  const dispatcher = startDeliveryDispatcher(
    { pool, eventStore, logger, queue },
    {
      intervalMs: config.WEBHOOK_DISPATCH_INTERVAL_MS,
      retry,
      jobLockMs: config.WEBHOOK_JOB_LOCK_MS,
    },
  );
  logger.info('webhook delivery worker started');
  return {
    async close() {
      await dispatcher.stop();
      await Promise.race([
        Promise.all([worker.close(), queue.close()]),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
      connection.disconnect();
    },
  };
}
