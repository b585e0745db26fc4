import { commandRouters } from '../../src/commands/http/commandRouters.js';
import type { RunningServer } from '../../src/http/server.js';
import { allProjections } from '../../src/readModels/allProjections.js';
import type { Benchmark, BenchContext, BenchReport, Cell } from '../lib/benchmark.js';
import { createBenchRuntime, startBenchServer, type BenchRuntime } from '../lib/benchStack.js';
import { httpClient, type HttpClient } from '../lib/httpClient.js';
import { median, pairedRatio, percentile, round, summarizeLatencies } from '../lib/stats.js';
import { rotate, timedRun } from '../lib/timedRun.js';
import { switchQuotas } from './tokens/agentQuotas.js';
import { cellCpuMeter, type CellCpu } from './tokens/cellCpu.js';
import { countingEventStore, createNaiveCountsTable } from './tokens/countingEventStore.js';
import { lagByProjection } from './tokens/lagSummary.js';
import { lagSampler, timeToCatchUp, type LagSample } from './tokens/projectionLag.js';
import { startProjectionWorkers } from './tokens/projectionWorkers.js';
import {
  agentPicker,
  createTokenAgents,
  requestToken,
  type BenchAgent,
} from './tokens/tokenAgents.js';

// POST /oauth2/token end to end through the real HTTP server: this design
// (append TokenIssued, projections asynchronous in a worker process) against
// the naive design (the same endpoint incrementing the tenant's daily counter
// row inside the request), in alternating rounds, with the load spread over a
// few tenants and all on one tenant (one hot counter row for naive).

export interface TokensSizes {
  tenants: number;
  agentsPerTenant: number;
  clients: number;
  rounds: number;
  warmupMs: number;
  durationMs: number;
  initialWarmupMs: number;
  /** Connections of each API's pool, the service's default. */
  poolSize: number;
  lagIntervalMs: number;
}

export const tokensSizes: Record<'full' | 'smoke', TokensSizes> = {
  full: {
    tenants: 4,
    agentsPerTenant: 64,
    clients: 64,
    rounds: 5,
    warmupMs: 1000,
    durationMs: 5000,
    initialWarmupMs: 3000,
    poolSize: 20,
    lagIntervalMs: 100,
  },
  smoke: {
    tenants: 2,
    agentsPerTenant: 4,
    clients: 8,
    rounds: 1,
    warmupMs: 100,
    durationMs: 600,
    initialWarmupMs: 200,
    poolSize: 4,
    lagIntervalMs: 100,
  },
};

type ContenderKey = 'ours' | 'naive';

interface Contender {
  key: ContenderKey;
  label: string;
  /** application_name of its pool's connections. */
  applicationName: string;
  server: RunningServer;
  client: HttpClient;
}

interface Variant {
  key: string;
  label: string;
  tenants: number;
  agents: BenchAgent[];
  /** Every agent has a monitor-mode quota (counted in Redis, never refusing). */
  quotas: boolean;
}

export interface TokensOptions {
  /** Adds each load again with a monitor quota on every agent (tokensQuotas). */
  quotas?: boolean;
}

interface CellSamples {
  rates: number[];
  latencies: Float64Array[];
  cpu: Array<CellCpu & { tokens: number }>;
}

function cpuPerToken(cells: CellSamples['cpu'], pick: (cpu: CellCpu) => number | undefined) {
  return round(median(cells.map((cell) => (pick(cell) ?? Number.NaN) / cell.tokens)), 3);
}

export async function runTokensBenchmark(
  context: BenchContext,
  sizes: TokensSizes,
  options: TokensOptions = {},
): Promise<BenchReport> {
  const database = await context.createDatabase();
  const runtimes: BenchRuntime[] = [];
  const contenders: Contender[] = [];
  let workers: { pid: number; stop(): Promise<void> } | undefined;
  let cpuMeter: Awaited<ReturnType<typeof cellCpuMeter>> | undefined;
  const sampler = await lagSampler({
    databaseUrl: database.url,
    projections: allProjections.map((p) => p.name),
    intervalMs: sizes.lagIntervalMs,
  });
  try {
    const runtimeFor = async (name: string) => {
      const created = await createBenchRuntime({
        databaseUrl: database.url,
        redisUrl: context.redisUrl,
        name,
        poolSize: sizes.poolSize,
      });
      runtimes.push(created);
      return created;
    };
    const ours = await runtimeFor('tokens-ours');
    const naive = await runtimeFor('tokens-naive');
    await createNaiveCountsTable(naive.runtime.pool);

    context.log(`registering ${sizes.tenants} x ${sizes.agentsPerTenant} agents`);
    const agents = await createTokenAgents(ours.runtime, sizes);
    const firstTenant = agents[0]?.tenantId;
    const loads: Variant[] = [
      {
        key: `${sizes.tenants}-tenants`,
        label: `${sizes.tenants} tenants`,
        tenants: sizes.tenants,
        agents,
        quotas: false,
      },
      {
        key: '1-tenant',
        label: '1 tenant',
        tenants: 1,
        agents: agents.filter((agent) => agent.tenantId === firstTenant),
        quotas: false,
      },
    ];
    const variants: Variant[] = options.quotas
      ? [
          ...loads,
          ...loads.map((load) => ({
            ...load,
            key: `${load.key}-quotas`,
            label: `${load.label}, quotas`,
            quotas: true,
          })),
        ]
      : loads;
    // Quotas are switched on and off between cells through the commands;
    // the projections catch up before the next cell starts.
    let quotasOn = false;
    const useQuotas = async (on: boolean) => {
      if (on === quotasOn) return;
      context.log(`${on ? 'setting' : 'removing'} a monitor quota on all ${agents.length} agents`);
      await switchQuotas(ours.runtime, agents, on);
      quotasOn = on;
      await timeToCatchUp(sampler, { pollMs: 20, timeoutMs: 120_000 });
    };
    workers = await startProjectionWorkers({
      databaseUrl: database.url,
      redisUrl: context.redisUrl,
    });
    cpuMeter = await cellCpuMeter({
      databaseUrl: database.url,
      workerPid: workers.pid,
      workerApplicationNames: ['bench-tokens-worker', 'event-listener'],
    });

    const serve = async (
      key: ContenderKey,
      label: string,
      stack: BenchRuntime,
      naiveCounts: boolean,
    ) => {
      const runtime = naiveCounts
        ? {
            ...stack.runtime,
            eventStore: countingEventStore(stack.runtime.eventStore, stack.runtime.pool),
          }
        : stack.runtime;
      const server = await startBenchServer(
        commandRouters(runtime, { rateLimitKeyPrefix: `${stack.redisPrefix}:ratelimit` }),
        stack.runtime.logger,
      );
      contenders.push({
        key,
        label,
        applicationName: `bench-${key === 'ours' ? 'tokens-ours' : 'tokens-naive'}`,
        server,
        client: httpClient(server.url, { connections: sizes.clients }),
      });
    };
    await serve('ours', 'ours (append TokenIssued, projections async)', ours, false);
    await serve('naive', 'naive (counter row incremented in the request)', naive, true);

    const run = async (
      contender: Contender,
      variant: Variant,
      warmupMs: number,
      durationMs: number,
    ) => {
      const pick = agentPicker(variant.agents, sizes.clients);
      let tokens = 0;
      const result = await timedRun({
        concurrency: sizes.clients,
        warmupMs,
        durationMs,
        operation: async (client) => {
          await requestToken(contender.client, pick(client));
          tokens += 1;
        },
      });
      return { ...result, tokens };
    };
    for (const contender of contenders) {
      context.log(`warming up ${contender.key}`);
      await run(contender, variants[0] as Variant, 0, sizes.initialWarmupMs);
    }
    await timeToCatchUp(sampler, { pollMs: 20, timeoutMs: 120_000 });

    const samples = new Map<string, CellSamples>();
    const cellOf = (variant: Variant, contender: Contender) => {
      const key = `${variant.key}/${contender.key}`;
      let cell = samples.get(key);
      if (!cell) samples.set(key, (cell = { rates: [], latencies: [], cpu: [] }));
      return cell;
    };
    const lagSamples = new Map<string, LagSample[]>(variants.map((v) => [v.key, []]));
    const catchUpMs = new Map<string, number[]>(variants.map((v) => [v.key, []]));
    for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
      for (const variant of rotate(variants, roundIndex)) {
        await useQuotas(variant.quotas);
        for (const contender of rotate(contenders, roundIndex)) {
          const isOurs = contender.key === 'ours';
          if (isOurs) sampler.start();
          const stopCpu = await cpuMeter.start(contender.applicationName);
          const result = await run(contender, variant, sizes.warmupMs, sizes.durationMs);
          let extra = '';
          if (isOurs) {
            const lag = await sampler.stop();
            // Offset by round, so instants of different rounds never merge.
            lagSamples
              .get(variant.key)
              ?.push(
                ...lag
                  .filter((sample) => sample.at >= sizes.warmupMs)
                  .map((sample) => ({ ...sample, at: sample.at + roundIndex * 1e7 })),
              );
            const caughtUp = await timeToCatchUp(sampler, { pollMs: 10, timeoutMs: 120_000 });
            catchUpMs.get(variant.key)?.push(caughtUp);
            extra = `, caught up ${caughtUp.toFixed(0)} ms after`;
          }
          // For ours the cell ends once the workers have caught up, so their
          // CPU for every token of the cell is in it.
          const cpu = await stopCpu();
          const cell = cellOf(variant, contender);
          cell.rates.push(result.operationsPerSecond);
          cell.latencies.push(result.latenciesMs);
          cell.cpu.push({ ...cpu, tokens: result.tokens });
          const summary = summarizeLatencies(result.latenciesMs);
          context.log(
            `round ${roundIndex + 1}/${sizes.rounds} ${variant.label} ${contender.key}: ` +
              `${result.operationsPerSecond.toFixed(0)} tokens/s, p50 ${summary.p50.toFixed(1)} ms, ` +
              `p99 ${summary.p99.toFixed(1)} ms${extra}`,
          );
        }
      }
    }

    const results = variants.map((variant) => {
      const cells = contenders.map((contender) => {
        const cell = cellOf(variant, contender);
        const machineBusyMs = (cpu: CellCpu) => cpu.machineBusyMs;
        return {
          contender: contender.key,
          label: contender.label,
          tokensPerSecondByRound: cell.rates.map((rate) => round(rate, 1)),
          tokensPerSecond: round(median(cell.rates), 1),
          latencyMs: summarizeLatencies(
            Float64Array.from(cell.latencies.flatMap((samples) => Array.from(samples))),
          ),
          cpuMsPerToken: {
            benchProcess: cpuPerToken(cell.cpu, (cpu) => cpu.benchProcessMs),
            workerProcess: cpuPerToken(cell.cpu, (cpu) => cpu.workerProcessMs),
            postgresApi: cpuPerToken(cell.cpu, (cpu) => cpu.postgresApiMs),
            postgresWorker: cpuPerToken(cell.cpu, (cpu) => cpu.postgresWorkerMs),
            machine: cpuPerToken(cell.cpu, machineBusyMs),
          },
          machineBusyShare: round(
            median(cell.cpu.map((cpu) => (cpu.machineBusyMs ?? NaN) / (cpu.machineTotalMs ?? NaN))),
            3,
          ),
          cpu: cell.cpu,
        };
      });
      const rates = (key: ContenderKey) =>
        cellOf(variant, contenders.find((c) => c.key === key) as Contender).rates;
      const catchUp = catchUpMs.get(variant.key) ?? [];
      return {
        variant: variant.key,
        label: variant.label,
        tenants: variant.tenants,
        agents: variant.agents.length,
        cells,
        oursVsNaive: round(pairedRatio(rates('ours'), rates('naive')), 3),
        lag: lagByProjection(
          lagSamples.get(variant.key) ?? [],
          allProjections.map((p) => p.name),
        ),
        catchUpMs: catchUp,
        catchUp: {
          medianMs: round(median(catchUp), 1),
          maxMs: round(Math.max(...catchUp), 1),
          p99Ms: round(percentile(catchUp, 99), 1),
        },
      };
    });
    const ms = (value: number): Cell => round(value, 1);
    const summary: Record<string, number> = {};
    for (const result of results) {
      summary[`ours/naive tokens/s, ${result.label}`] = result.oursVsNaive;
    }
    for (const result of results) {
      summary[`lag p99 s, all projections, ${result.label}`] = round(
        result.lag.all?.secondsBehind.p99 ?? Number.NaN,
        3,
      );
    }
    summary['catch-up s after load, max'] = round(
      Math.max(...results.map((result) => result.catchUp.maxMs)) / 1000,
      3,
    );

    return {
      parameters: { ...sizes, variants: variants.map((v) => v.key) },
      summary,
      tables: [
        {
          title: `Token requests at ${sizes.clients} concurrent clients (throughput: median of rounds; latency: all rounds)`,
          columns: ['load', 'contender', 'tokens/s', 'ours/naive', 'p50 ms', 'p99 ms', 'max ms'],
          rows: results.flatMap((result) =>
            result.cells.map((cell) => [
              result.label,
              cell.label,
              Math.round(cell.tokensPerSecond),
              cell.contender === 'ours' ? result.oursVsNaive : null,
              ms(cell.latencyMs.p50),
              ms(cell.latencyMs.p99),
              ms(cell.latencyMs.max),
            ]),
          ),
        },
        {
          title: 'CPU ms per token (median of rounds)',
          columns: [
            'load',
            'contender',
            'bench process (API + load client)',
            'worker process',
            'Postgres, API backends',
            'Postgres, worker backends',
            'machine, all processes',
            'machine busy',
          ],
          rows: results.flatMap((result) =>
            result.cells.map((cell) => [
              result.label,
              cell.contender,
              cell.cpuMsPerToken.benchProcess,
              cell.cpuMsPerToken.workerProcess,
              cell.cpuMsPerToken.postgresApi,
              cell.cpuMsPerToken.postgresWorker,
              cell.cpuMsPerToken.machine,
              `${Math.round(cell.machineBusyShare * 100)}%`,
            ]),
          ),
        },
        ...results.map((result) => ({
          title: `Projection lag while ours ran, ${result.label}, sampled every ${sizes.lagIntervalMs} ms`,
          columns: [
            'projection',
            's behind p50',
            's behind p99',
            's behind max',
            'events behind p50',
            'events behind p99',
            'events behind max',
          ],
          rows: Object.entries(result.lag).map(([name, entry]) => [
            name,
            round(entry.secondsBehind.p50, 3),
            round(entry.secondsBehind.p99, 3),
            round(entry.secondsBehind.max, 3),
            entry.eventsBehind.p50,
            entry.eventsBehind.p99,
            entry.eventsBehind.max,
          ]),
        })),
        {
          title: 'Time for every projection to catch up once the load stopped (per round of ours)',
          columns: ['load', 'median ms', 'max ms'],
          rows: results.map((result) => [
            result.label,
            result.catchUp.medianMs,
            result.catchUp.maxMs,
          ]),
        },
      ],
      notes: [
        `${sizes.tenants} tenants x ${sizes.agentsPerTenant} agents; each of the ${sizes.clients} clients requests tokens for its agents in turn over a keep-alive connection (client_secret_basic). The 1-tenant load uses only the first tenant's ${variants[1]?.agents.length} agents, so every naive request increments the same counter row.`,
        'Both contenders serve the real command routers (credential check, rate limiter in Redis, EdDSA signing); naive swaps the event store port for one that runs INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 on a per-tenant daily counter row instead of appending TokenIssued.',
        `Each API has its own pool of ${sizes.poolSize} connections in the benchmark process; the projection workers (feeder, BullMQ worker, all projections) run in a child process with a pool of 10, as \`npm run worker\` does.`,
        'CPU from /proc over each cell (for ours until the projections caught up): the benchmark process, the worker process, the Postgres backends of the measured API and of the workers, and the whole machine (busy time of all cores, neighbours included), each divided by the tokens issued in the cell.',
        'Lag: committed events after each checkpoint, and the age of the oldest of them (0 when caught up).',
      ],
      data: { variants: results, lagSampleCount: [...lagSamples.values()].flat().length },
    };
  } finally {
    await Promise.allSettled(
      contenders.map(async (contender) => {
        contender.client.close();
        await contender.server.close(1000);
      }),
    );
    await workers?.stop();
    await cpuMeter?.close();
    await sampler.close();
    await Promise.allSettled(runtimes.map((runtime) => runtime.close()));
    await database.drop();
  }
}

export const benchmark: Benchmark = {
  name: 'tokens',
  description:
    'POST /oauth2/token through the real HTTP server at 64 concurrent clients, load on 4 tenants and on 1: this design ' +
    '(append, projections async in a worker process) vs a naive synchronous daily-counter increment; CPU per token by process, ' +
    'projection lag during the load and catch-up after it.',
  run: (context) => runTokensBenchmark(context, tokensSizes[context.mode]),
};
