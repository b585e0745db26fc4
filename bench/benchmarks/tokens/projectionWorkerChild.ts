import { startProjectionProcess } from '../../../src/app/startProjectionProcess.js';
import { createBenchRuntime } from '../../lib/benchStack.js';

// Entry of the child process running the projection workers (feeder, BullMQ
// worker, every projection) for the token benchmark, as `npm run worker` runs
// them in production: in a process of their own. Started and stopped by
// projectionWorkers.ts over the IPC channel.

const databaseUrl = process.env.BENCH_WORKER_DATABASE_URL;
const redisUrl = process.env.BENCH_WORKER_REDIS_URL;
if (!databaseUrl || !redisUrl || !process.send) {
  throw new Error('start this file through projectionWorkers.ts');
}

const stack = await createBenchRuntime({
  databaseUrl,
  redisUrl,
  name: 'tokens-worker',
  poolSize: 10,
  // Lets a probe compare settings (PROJECTION_LIVE_TOGETHER, say).
  config: JSON.parse(process.env.BENCH_WORKER_CONFIG ?? '{}') as Record<string, string>,
});
const projections = await startProjectionProcess(stack.runtime);
process.on('message', (message) => {
  if (message !== 'stop') return;
  void (async () => {
    await projections.close();
    await stack.close();
    process.exit(0);
  })();
});
// The parent going away (a crash, Ctrl-C) must not leave workers behind.
process.on('disconnect', () => process.exit(1));
process.send('ready');
