import path from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { dropLiveDatabases } from './lib/benchDatabase.js';
import { loadBenchmarks } from './lib/registry.js';
import { writeLatest, writeResult } from './lib/results.js';
import { runInOwnProcess, stopOwnProcess } from './lib/ownProcess.js';
import type { Benchmark } from './lib/benchmark.js';
import { runBenchmark } from './lib/runBenchmark.js';
import { localServicePorts, localServices, type LocalService } from '../src/stack/localServices.js';
import { StepFailure } from '../src/stack/stepFailure.js';

// `npm run bench [-- <name...>] [--smoke] [--out <dir>]`: runs benchmarks one
// after another, each in a process of its own and a fresh database, and
// writes bench/results/.

const env = z
  .object({
    BENCH_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//)
      .optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//)
      .optional(),
    BENCH_REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//)
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//)
      .optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));
const givenServerUrl = env.BENCH_DATABASE_URL ?? env.DATABASE_URL;
const givenRedisUrl = env.BENCH_REDIS_URL ?? env.REDIS_URL;
const localPorts = localServicePorts();
const serverUrl = givenServerUrl ?? `postgres://postgres@127.0.0.1:${localPorts.postgres}/postgres`;
const redisUrl = givenRedisUrl ?? `redis://127.0.0.1:${localPorts.redis}`;

const log = (message: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
};

const program = new Command('bench')
  .description('Benchmarks, each against baselines measured in the same run')
  .argument('[names...]', 'benchmarks to run (default: all)')
  .option('--smoke', 'tiny sizes that finish in seconds (checks the benchmark, not the numbers)')
  .option('--out <dir>', 'where results are written', 'bench/results')
  .option('--list', 'list the benchmarks and exit')
  // What each benchmark's own process is started with: run here, services given.
  .addOption(new Option('--in-process').hideHelp())
  .addHelpText(
    'after',
    '\nEnvironment: BENCH_DATABASE_URL or DATABASE_URL (Postgres server), BENCH_REDIS_URL or REDIS_URL,\n' +
      "BENCH_TIME_ZONE (reporting time zone of the queries benchmark's tenant, default UTC).",
  )
  .action(
    async (
      names: string[],
      options: { smoke?: boolean; out: string; list?: boolean; inProcess?: boolean },
    ) => {
      const all = await loadBenchmarks();
      if (options.list) {
        for (const benchmark of all) console.log(`${benchmark.name}\t${benchmark.description}`);
        return;
      }
      const unknown = names.filter((name) => !all.some((benchmark) => benchmark.name === name));
      if (unknown.length > 0) {
        program.error(
          `unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`,
        );
      }
      const selected = names.length > 0 ? all.filter((b) => names.includes(b.name)) : all;
      const outDir = path.resolve(options.out);
      // Like npm start: the project-local Postgres and Redis unless URLs are given,
      // stopped at the end when this run started them.
      const wanted: LocalService[] = [
        ...(givenServerUrl ? [] : (['postgres'] as const)),
        ...(givenRedisUrl ? [] : (['redis'] as const)),
      ];
      const services = localServices(wanted);
      let stopping: Promise<void> | undefined;
      stopServices = () => (stopping ??= services.stop());
      if (wanted.length > 0) {
        log(`no database or Redis URL given: using the project-local ${wanted.join(' and ')}`);
        try {
          await services.start(log);
        } catch (error) {
          if (!(error instanceof StepFailure)) throw error;
          for (const line of [error.message, ...error.details]) log(line);
          program.error(`next: ${error.next}`);
        }
      }
      if (options.inProcess) {
        for (const benchmark of selected) await runHere(benchmark, options.smoke === true, outDir);
        return;
      }
      let failure: string | undefined;
      try {
        for (const benchmark of selected) {
          await runInOwnProcess(
            [
              benchmark.name,
              ...(options.smoke ? ['--smoke'] : []),
              '--out',
              outDir,
              '--in-process',
            ],
            { ...process.env, BENCH_DATABASE_URL: serverUrl, BENCH_REDIS_URL: redisUrl },
          );
        }
        log(`wrote ${path.relative('.', await writeLatest(outDir))}`);
      } catch (error) {
        if (interrupted) return;
        failure = error instanceof Error ? error.message : String(error);
      } finally {
        if (!interrupted) await stopServices();
      }
      if (failure !== undefined) {
        program.error(
          `${failure}: its output is above; results of the benchmarks before it are kept`,
        );
      }
    },
  );

async function runHere(benchmark: Benchmark, smoke: boolean, outDir: string): Promise<void> {
  log(`[${benchmark.name}] starting (${smoke ? 'smoke' : 'full'} sizes)`);
  const result = await runBenchmark(benchmark, {
    serverUrl,
    redisUrl,
    mode: smoke ? 'smoke' : 'full',
    log,
  });
  const written = await writeResult(outDir, result);
  const summary = Object.entries(result.summary)
    .map(([key, value]) => `${key}=${value.toFixed(2)}`)
    .join(' ');
  log(`[${benchmark.name}] done in ${result.durationSeconds}s ${summary}`);
  log(`[${benchmark.name}] wrote ${written.map((file) => path.relative('.', file)).join(', ')}`);
}

let stopServices = (): Promise<void> => Promise.resolve();
let interrupted = false;
// Ctrl-C reaches a benchmark's own process too, and the run forwards SIGTERM
// to it: it drops its databases once, and the run stops the services after it.
const interrupt = (): void => {
  if (interrupted) return;
  interrupted = true;
  // Dropping a database ends the benchmark's own connections to it; their
  // errors are expected now and must not end the process before the cleanup.
  process.on('uncaughtException', () => {});
  log('interrupted: dropping benchmark databases');
  void stopOwnProcess()
    .then(() => dropLiveDatabases())
    .finally(() => stopServices())
    .finally(() => process.exit(130));
};
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

await program.parseAsync(process.argv);
