import { Job, QueueEvents } from 'bullmq';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { AppError } from '../errors.js';
import { measureLag } from '../projections/lag/measureLag.js';
import {
  allProjections,
  allProjectionsModule,
  findProjection,
} from '../readModels/allProjections.js';
import { createRebuildQueue } from '../projections/runner/queues.js';
import {
  rebuildProjections,
  type RebuildProgress,
} from '../projections/rebuild/rebuildProjection.js';
import { createRedis } from '../redis.js';
import { createRuntime, type Runtime } from '../app/runtime.js';

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T | undefined> {
  const config = loadConfig();
  await migrate(config.DATABASE_URL);
  const runtime = await createRuntime(config, 'cli');
  try {
    return await work(runtime);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return undefined;
  } finally {
    await runtime.close();
  }
}

function progressBar(name: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: `${name.padEnd(14)} {bar} {percentage}% | {value}/{total} events | {rate} ev/s | ETA {eta_formatted} | {phase}`,
      hideCursor: true,
      // Also report (every few seconds) when output goes to a log rather than a terminal.
      noTTYOutput: true,
      notTTYSchedule: 3000,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Feeds progress reports into a bar, computing the rate itself. */
function barUpdater(bar: cliProgress.SingleBar): (progress: RebuildProgress) => void {
  const started = Date.now();
  let running = false;
  return (progress) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const payload = { rate: Math.round(progress.done / seconds), phase: progress.phase };
    if (!running) {
      bar.start(Math.max(progress.total, 1), progress.done, payload);
      running = true;
    }
    bar.setTotal(Math.max(progress.total, progress.done, 1));
    bar.update(progress.done, payload);
    if (progress.phase === 'done') bar.stop();
  };
}

// Several projections are rebuilt together from one pass over the log; the
// bar follows the last of them, which is swapped in last.
async function rebuildHere(runtime: Runtime, names: string[]): Promise<void> {
  const deps = { pool: runtime.pool, eventStore: runtime.eventStore, logger: runtime.logger };
  const last = names.at(-1);
  const bar = progressBar(names.length > 1 ? `${names.length} projections` : (last ?? ''));
  const update = barUpdater(bar);
  try {
    await rebuildProjections(deps, names.map(findProjection), {
      batchSize: runtime.config.PROJECTION_BATCH_SIZE,
      buildBatchSize: runtime.config.PROJECTION_REBUILD_BATCH_SIZE,
      lockTimeoutMs: runtime.config.PROJECTION_LOCK_TIMEOUT_MS,
      ...(runtime.config.PROJECTION_REBUILD_FOLD_THREAD
        ? { projectionsModule: allProjectionsModule }
        : {}),
      onProgress: (progress) => {
        if (progress.projection === last) update(progress);
      },
    });
  } finally {
    bar.stop();
  }
}

async function rebuildViaQueue(runtime: Runtime, names: string[]): Promise<void> {
  const connection = createRedis(runtime.config.REDIS_URL, { forBullmq: true });
  const eventsConnection = connection.duplicate();
  const settings = { connection, prefix: runtime.config.PROJECTION_QUEUE_PREFIX };
  const queue = createRebuildQueue(settings);
  const events = new QueueEvents(queue.name, {
    connection: eventsConnection,
    prefix: settings.prefix,
  });
  try {
    await events.waitUntilReady();
    for (const name of names) {
      findProjection(name);
      const job = await queue.add('rebuild', { projection: name }, { removeOnComplete: 100 });
      const bar = progressBar(name);
      const update = barUpdater(bar);
      const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
        if (jobId === job.id) update(data as RebuildProgress);
      };
      events.on('progress', onProgress);
      try {
        await job.waitUntilFinished(events);
      } finally {
        events.off('progress', onProgress);
        bar.stop();
      }
      const finished = await Job.fromId(queue, job.id as string);
      runtime.logger.info({ projection: name, result: finished?.returnvalue }, 'rebuild finished');
    }
  } finally {
    await events.close();
    await queue.close();
    connection.disconnect();
    eventsConnection.disconnect();
  }
}

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('Inspect and rebuild projections');

  projections
    .command('status')
    .description('Checkpoint, lag, parked events and last error of every projection')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(async (runtime) => {
        const lags = await measureLag(
          runtime,
          allProjections.map((p) => p.name),
          { now: runtime.clock.now() },
        );
        if (options.json) {
          console.log(JSON.stringify(lags, null, 2));
          return;
        }
        console.table(
          lags.map((lag) => ({
            projection: lag.projection,
            checkpoint: `${lag.checkpoint.commit}/${lag.checkpoint.prepare}`,
            processed: lag.eventsProcessed,
            behind: `${lag.eventsBehind}${lag.eventsBehindAtLeast ? '+' : ''}`,
            'seconds behind': Math.round(lag.secondsBehind),
            parked: lag.parkedEvents,
            'last error': lag.lastError ?? '',
          })),
        );
      });
    });

  projections
    .command('rebuild')
    .description('Rebuild read tables from the whole event log and swap them in without downtime')
    .argument(
      '[name]',
      `one projection (${allProjections.map((p) => p.name).join(', ')}); all when omitted`,
    )
    .option('--queue', 'run as a BullMQ job on a worker process and follow its progress')
    .action(async (name: string | undefined, options: { queue?: boolean }) => {
      const names = name ? [name] : allProjections.map((p) => p.name);
      await withRuntime((runtime) =>
        options.queue ? rebuildViaQueue(runtime, names) : rebuildHere(runtime, names),
      );
    });
}
