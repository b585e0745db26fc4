import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js';
import { domainEventCodec } from '../../../src/events/registry.js';
import { createBenchDatabase } from '../../lib/benchDatabase.js';
import { cpuMsBetween, cpuMsOf, machineCpu } from '../../lib/cpuTime.js';
import { tokenIssuedWorkload } from '../append/tokenIssuedWorkload.js';
import { startProjectionWorkers } from './projectionWorkers.js';

// The projection workers' CPU per event at a steady append rate, without the
// API and its load: events are appended through the store at a fixed rate,
// the workers run in their child process, and CPU comes from /proc for the
// child and for its Postgres backends. Quicker than the tokens benchmark and
// steadier on a busy machine, for comparing worker settings.
//
//   DATABASE_URL=... REDIS_URL=... npx tsx bench/benchmarks/tokens/workerCpuProbe.ts \
//     [rate/s=200] [seconds=15] '{"PROJECTION_LIVE_TOGETHER":"false"}' ...
// Each JSON argument is one setting, measured in turn on a fresh database.

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const numbers = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg));
const rate = Number(numbers[0] ?? 200);
const seconds = Number(numbers[1] ?? 15);
const settings = process.argv.slice(2).filter((arg) => arg.startsWith('{'));

async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-probe' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ANY($1)`,
      [['bench-tokens-worker', 'event-listener']],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

async function probe(setting: string): Promise<void> {
  const database = await createBenchDatabase(serverUrl, 'probe');
  process.env.BENCH_WORKER_CONFIG = setting;
  const workers = await startProjectionWorkers({ databaseUrl: database.url, redisUrl });
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const store = new PostgresEventStore({
    codec: domainEventCodec,
    pool,
    connectionString: database.url,
  });
  const workload = tokenIssuedWorkload({ eventsPerAppend: 1 });
  try {
    const append = async (until: number): Promise<number> => {
      let appended = 0;
      const start = Date.now();
      while (Date.now() < until) {
        const due = Math.floor(((Date.now() - start) / 1000) * rate) - appended;
        const appends = Array.from({ length: Math.max(0, due) }, (_, i) => {
          const batch = workload.next(i % 16);
          return store.appendToStream(batch.streamName, batch.events);
        });
        await Promise.all(appends);
        appended += appends.length;
        await sleep(10);
      }
      return appended;
    };
    await append(Date.now() + 3000); // warm-up: connections, prepared statements
    const pids = [workers.pid, ...(await backendPids(database.url))];
    const before = { cpu: await cpuMsOf(pids), machine: await machineCpu(), at: Date.now() };
    const events = await append(Date.now() + seconds * 1000);
    await sleep(1000); // the last wake-up
    const after = { cpu: await cpuMsOf(pids), machine: await machineCpu(), at: Date.now() };
    const workerMs = cpuMsBetween(
      new Map([[workers.pid, before.cpu.get(workers.pid) ?? 0]]),
      new Map([[workers.pid, after.cpu.get(workers.pid) ?? 0]]),
    );
    const allMs = cpuMsBetween(before.cpu, after.cpu);
    const busy =
      before.machine && after.machine
        ? (after.machine.busyMs - before.machine.busyMs) /
          (after.machine.totalMs - before.machine.totalMs)
        : undefined;
    console.log(
      JSON.stringify({
        setting,
        events,
        eventsPerSecond: Math.round(events / seconds),
        workerMsPerEvent: +(workerMs / events).toFixed(3),
        backendsMsPerEvent: +((allMs - workerMs) / events).toFixed(3),
        machineBusy: busy === undefined ? undefined : +busy.toFixed(2),
      }),
    );
  } finally {
    await store.close();
    await pool.end();
    await workers.stop();
    await database.drop();
  }
}

for (const setting of settings.length > 0 ? settings : ['{}']) await probe(setting);
