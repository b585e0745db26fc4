import pg from 'pg';
import type { Benchmark, BenchContext, BenchReport, Cell } from '../lib/benchmark.js';
import {
  type LatencySummary,
  median,
  pairedRatio,
  round,
  summarizeLatencies,
} from '../lib/stats.js';
import { rotate, timedRun } from '../lib/timedRun.js';
import {
  contenderFactories,
  type AppendContender,
  type ContenderKey,
} from './append/contenders.js';
import { tokenIssuedWorkload, type TokenIssuedWorkload } from './append/tokenIssuedWorkload.js';

// Event-store appends per second at several numbers of concurrent writers, for
// our Postgres adapter, Emmett's, and plain INSERTs (the ceiling), measured in
// alternating order round by round on one database.

export interface AppendSizes {
  writers: number[];
  eventsPerAppend: number[];
  rounds: number;
  /** Discarded start of every cell. */
  warmupMs: number;
  durationMs: number;
  /** Once per contender before the first round: connections, JIT, plan caches. */
  initialWarmupMs: number;
  /** Connections per contender, the same for all. */
  poolSize: number;
}

export const appendSizes: Record<'full' | 'smoke', AppendSizes> = {
  full: {
    writers: [1, 16, 64],
    eventsPerAppend: [1, 10],
    rounds: 8,
    warmupMs: 300,
    durationMs: 1500,
    initialWarmupMs: 2000,
    poolSize: 20,
  },
  smoke: {
    writers: [1, 4],
    eventsPerAppend: [1, 10],
    rounds: 1,
    warmupMs: 30,
    durationMs: 150,
    initialWarmupMs: 100,
    poolSize: 4,
  },
};

const contenderOrder: ContenderKey[] = ['ours', 'emmett', 'ceiling'];

interface Configuration {
  writers: number;
  eventsPerAppend: number;
}

interface CellResult extends Configuration {
  contender: ContenderKey;
  /** Appends per second in each round, in round order. */
  appendsPerSecondByRound: number[];
  appendsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: LatencySummary;
}

interface RatioResult extends Configuration {
  oursVsEmmett: number;
  oursVsCeiling: number;
  emmettVsCeiling: number;
}

async function serverSettings(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name = ANY($1) ORDER BY name`,
      [['synchronous_commit', 'fsync', 'commit_delay', 'shared_buffers', 'max_connections']],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await client.end();
  }
}

export async function runAppendBenchmark(
  context: BenchContext,
  sizes: AppendSizes,
): Promise<BenchReport> {
  const database = await context.createDatabase();
  const contenders: AppendContender[] = [];
  try {
    const settings = await serverSettings(database.url);
    for (const key of contenderOrder) {
      contenders.push(
        await contenderFactories[key]({ databaseUrl: database.url, poolSize: sizes.poolSize }),
      );
    }
    const configurations: Configuration[] = sizes.writers.flatMap((writers) =>
      sizes.eventsPerAppend.map((eventsPerAppend) => ({ writers, eventsPerAppend })),
    );
    const workloads = new Map<string, TokenIssuedWorkload>();
    const workloadFor = (contender: ContenderKey, configuration: Configuration) => {
      const key = `${contender}/${configuration.eventsPerAppend}`;
      let workload = workloads.get(key);
      if (!workload) {
        workload = tokenIssuedWorkload({ eventsPerAppend: configuration.eventsPerAppend });
        workloads.set(key, workload);
      }
      return workload;
    };

    const warmupWriters = Math.min(16, Math.max(...sizes.writers));
    for (const contender of contenders) {
      context.log(`warming up ${contender.label}`);
      const workload = tokenIssuedWorkload({ eventsPerAppend: Math.max(...sizes.eventsPerAppend) });
      await timedRun({
        concurrency: warmupWriters,
        warmupMs: 0,
        durationMs: sizes.initialWarmupMs,
        operation: (writer) => contender.append(workload.next(writer)),
      });
    }

    const rates = new Map<string, number[]>();
    const latencies = new Map<string, Float64Array[]>();
    const cellKey = (contender: ContenderKey, configuration: Configuration) =>
      `${contender}/${configuration.writers}/${configuration.eventsPerAppend}`;

    for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
      for (const [configurationIndex, configuration] of configurations.entries()) {
        for (const contender of rotate(contenders, roundIndex + configurationIndex)) {
          const workload = workloadFor(contender.key, configuration);
          const result = await timedRun({
            concurrency: configuration.writers,
            warmupMs: sizes.warmupMs,
            durationMs: sizes.durationMs,
            operation: (writer) => contender.append(workload.next(writer)),
          });
          const key = cellKey(contender.key, configuration);
          rates.set(key, [...(rates.get(key) ?? []), result.operationsPerSecond]);
          latencies.set(key, [...(latencies.get(key) ?? []), result.latenciesMs]);
          const summary = summarizeLatencies(result.latenciesMs);
          context.log(
            `round ${roundIndex + 1}/${sizes.rounds} writers=${configuration.writers} ` +
              `events/append=${configuration.eventsPerAppend} ${contender.key}: ` +
              `${result.operationsPerSecond.toFixed(0)} appends/s, p50 ${summary.p50.toFixed(1)} ms, ` +
              `p99 ${summary.p99.toFixed(1)} ms`,
          );
        }
      }
    }

    const cells: CellResult[] = configurations.flatMap((configuration) =>
      contenderOrder.map((contender) => {
        const key = cellKey(contender, configuration);
        const byRound = rates.get(key) ?? [];
        const appendsPerSecond = median(byRound);
        const joined = Float64Array.from(
          (latencies.get(key) ?? []).flatMap((samples) => Array.from(samples)),
        );
        return {
          ...configuration,
          contender,
          appendsPerSecondByRound: byRound.map((rate) => round(rate, 1)),
          appendsPerSecond: round(appendsPerSecond, 1),
          eventsPerSecond: round(appendsPerSecond * configuration.eventsPerAppend, 1),
          latencyMs: summarizeLatencies(joined),
        };
      }),
    );
    const ratios: RatioResult[] = configurations.map((configuration) => {
      const byRound = (contender: ContenderKey) =>
        rates.get(cellKey(contender, configuration)) ?? [];
      return {
        ...configuration,
        oursVsEmmett: round(pairedRatio(byRound('ours'), byRound('emmett')), 3),
        oursVsCeiling: round(pairedRatio(byRound('ours'), byRound('ceiling')), 3),
        emmettVsCeiling: round(pairedRatio(byRound('emmett'), byRound('ceiling')), 3),
      };
    });

    const mostWriters = Math.max(...sizes.writers);
    const summary: Record<string, number> = {};
    for (const entry of ratios.filter((r) => r.writers === mostWriters)) {
      const label = `${entry.writers} writers, ${entry.eventsPerAppend} event${entry.eventsPerAppend === 1 ? '' : 's'}/append`;
      summary[`ours/Emmett, ${label}`] = entry.oursVsEmmett;
      summary[`ours/ceiling, ${label}`] = entry.oursVsCeiling;
    }
    const labels = Object.fromEntries(contenders.map((c) => [c.key, c.label]));
    const latencyCell = (value: number): Cell => round(value, 2);

    return {
      parameters: { ...sizes, postgres: settings },
      summary,
      tables: [
        {
          title: 'Throughput (median of rounds) and latency per append (all rounds)',
          columns: [
            'writers',
            'events/append',
            'contender',
            'appends/s',
            'events/s',
            'p50 ms',
            'p99 ms',
          ],
          rows: cells.map((cell) => [
            cell.writers,
            cell.eventsPerAppend,
            labels[cell.contender] ?? cell.contender,
            Math.round(cell.appendsPerSecond),
            Math.round(cell.eventsPerSecond),
            latencyCell(cell.latencyMs.p50),
            latencyCell(cell.latencyMs.p99),
          ]),
        },
        {
          title: 'Ratios of appends/s (median of per-round pairs)',
          columns: ['writers', 'events/append', 'ours/Emmett', 'ours/ceiling', 'Emmett/ceiling'],
          rows: ratios.map((entry) => [
            entry.writers,
            entry.eventsPerAppend,
            entry.oursVsEmmett,
            entry.oursVsCeiling,
            entry.emmettVsCeiling,
          ]),
        },
      ],
      notes: [
        `Each contender has its own pool of ${sizes.poolSize} connections; writers beyond that wait for a connection, and that wait is part of the latency.`,
        'Writers append TokenIssued events to token streams of agents of their own, with no expected-revision check (ours: "any"; Emmett: none).',
        `Contenders run one after another in a rotating order, ${sizes.rounds} round(s) of ${sizes.durationMs} ms per cell after ${sizes.warmupMs} ms of warm-up.`,
      ],
      data: { cells, ratios },
    };
  } finally {
    await Promise.allSettled(contenders.map((contender) => contender.close()));
    await database.drop();
  }
}

export const benchmark: Benchmark = {
  name: 'append',
  description:
    'Event-store appends per second at 1, 16 and 64 concurrent writers, 1 and 10 events per append: ' +
    'our Postgres adapter vs @event-driven-io/emmett-postgresql vs plain multi-row INSERTs (the ceiling).',
  run: (context) => runAppendBenchmark(context, appendSizes[context.mode]),
};
