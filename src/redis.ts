import { Redis } from 'ioredis';

// BullMQ needs maxRetriesPerRequest: null on connections it blocks on; commands
// get a short offline queue so a Redis outage fails fast instead of piling up.
export function createRedis(url: string, options: { forBullmq?: boolean } = {}): Redis {
  return new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: options.forBullmq ? null : 1,
    enableOfflineQueue: options.forBullmq ?? false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}
