import { commandRouters } from '../../src/commands/http/commandRouters.js';
import type { RunningServer } from '../../src/http/server.js';
import { allProjections } from '../../src/projections/projections.js';
import { startProjectionProcess } from '../../src/projections/startProjectionProcess.js';
import type { Benchmark, BenchContext, BenchReport, Cell } from '../lib/benchmark.js';
import { createBenchRuntime, startBenchServer, type BenchRuntime } from '../lib/benchStack.js';
import { httpClient, type HttpClient } from '../lib/httpClient.js';
import {
  median,
  pairedRatio,
  percentile,
  summarizeLatencies,
  type LatencySummary,
} from '../lib/stats.js';
import { rotate, timedRun } from '../lib/timedRun.js';
import { countingEventStore, createNaiveCountsTable } from './tokens/countingEventStore.js';
import { lagSampler, timeToCatchUp, type LagSample } from './tokens/projectionLag.js';
import { agentPicker, createTokenAgents, requestToken } from './tokens/tokenAgents.js';

// POST /oauth2/token end to end through the real HTTP server: this design
// (append TokenIssued, projections asynchronous, their workers running in the
// same process) against the naive design (the same endpoint incrementing the
// tenant's daily counter row inside the request), in alternating rounds.

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
  server: RunningServer;
  client: HttpClient;
}

interface LagSummary {
  secondsBehind: LatencySummary;
  eventsBehind: LatencySummary;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function summarizeLag(samples: ReadonlyArray<{ eventsBehind: number; secondsBehind: number }>) {
  return {
    secondsBehind: summarizeLatencies(samples.map((s) => s.secondsBehind)),
    eventsBehind: summarizeLatencies(samples.map((s) => s.eventsBehind)),
  };
}

/** Per sampling instant, the worst projection. */
function worstPerInstant(samples: readonly LagSample[]): LagSample[] {
  const byInstant = new Map<number, LagSample>();
  for (const sample of samples) {
    const worst = byInstant.get(sample.at);
    byInstant.set(sample.at, {
      at: sample.at,
      projection: 'all',
      eventsBehind: Math.max(worst?.eventsBehind ?? 0, sample.eventsBehind),
      secondsBehind: Math.max(worst?.secondsBehind ?? 0, sample.secondsBehind),
    });
  }
  return [...byInstant.values()];
}

export async function runTokensBenchmark(
  context: BenchContext,
  sizes: TokensSizes,
): Promise<BenchReport> {
  const database = await context.createDatabase();
  const runtimes: BenchRuntime[] = [];
  const contenders: Contender[] = [];
  let projections: { close(): Promise<void> } | undefined;
  const sampler = await lagSampler({
    databaseUrl: database.url,
    projections: allProjections.map((p) => p.name),
    intervalMs: sizes.lagIntervalMs,
  });
  try {
    const runtimeFor = async (name: string, poolSize: number) => {
      const created = await createBenchRuntime({
        databaseUrl: database.url,
        redisUrl: context.redisUrl,
        name,
        poolSize,
      });
      runtimes.push(created);
      return created;
    };
    const ours = await runtimeFor('tokens-ours', sizes.poolSize);
    const naive = await runtimeFor('tokens-naive', sizes.poolSize);
    const worker = await runtimeFor('tokens-worker', 10);
    await createNaiveCountsTable(naive.runtime.pool);

    context.log(`registering ${sizes.tenants} x ${sizes.agentsPerTenant} agents`);
    const agents = await createTokenAgents(ours.runtime, sizes);
    projections = await startProjectionProcess(worker.runtime);

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
      const contender: Contender = {
        key,
        label,
        server,
        client: httpClient(server.url, { connections: sizes.clients }),
      };
      contenders.push(contender);
      return contender;
    };
    await serve('ours', 'ours (append TokenIssued, projections async)', ours, false);
    await serve('naive', 'naive (counter row incremented in the request)', naive, true);

    const run = (contender: Contender, warmupMs: number, durationMs: number) => {
      const pick = agentPicker(agents, sizes.clients);
      return timedRun({
        concurrency: sizes.clients,
        warmupMs,
        durationMs,
        operation: (client) => requestToken(contender.client, pick(client)),
      });
    };
    for (const contender of contenders) {
      context.log(`warming up ${contender.key}`);
      await run(contender, 0, sizes.initialWarmupMs);
    }
    await timeToCatchUp(sampler, { pollMs: 20, timeoutMs: 120_000 });

    const rates: Record<ContenderKey, number[]> = { ours: [], naive: [] };
    const latencies: Record<ContenderKey, Float64Array[]> = { ours: [], naive: [] };
    const cpuMsPerToken: Record<ContenderKey, number[]> = { ours: [], naive: [] };
    const lagSamples: LagSample[] = [];
    const catchUpMs: number[] = [];
    for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
      for (const contender of rotate(contenders, roundIndex)) {
        if (contender.key === 'ours') sampler.start();
        const cpuBefore = process.cpuUsage();
        const result = await run(contender, sizes.warmupMs, sizes.durationMs);
        const cpu = process.cpuUsage(cpuBefore);
        // CPU of this process (server, client and, for ours, the projection
        // workers) over the whole cell, per token completed in it.
        const completed = (result.operationsPerSecond * (sizes.warmupMs + sizes.durationMs)) / 1000;
        cpuMsPerToken[contender.key].push((cpu.user + cpu.system) / 1000 / completed);
        rates[contender.key].push(result.operationsPerSecond);
        latencies[contender.key].push(result.latenciesMs);
        let extra = '';
        if (contender.key === 'ours') {
          const samples = await sampler.stop();
          lagSamples.push(...samples.filter((sample) => sample.at >= sizes.warmupMs));
          const caughtUp = await timeToCatchUp(sampler, { pollMs: 10, timeoutMs: 120_000 });
          catchUpMs.push(caughtUp);
          extra = `, caught up ${caughtUp.toFixed(0)} ms after`;
        }
        const summary = summarizeLatencies(result.latenciesMs);
        context.log(
          `round ${roundIndex + 1}/${sizes.rounds} ${contender.key}: ` +
            `${result.operationsPerSecond.toFixed(0)} tokens/s, p50 ${summary.p50.toFixed(1)} ms, ` +
            `p99 ${summary.p99.toFixed(1)} ms${extra}`,
        );
      }
    }

    const cells = contenders.map((contender) => {
      const joined = Float64Array.from(
        latencies[contender.key].flatMap((samples) => Array.from(samples)),
      );
      return {
        contender: contender.key,
        label: contender.label,
        tokensPerSecondByRound: rates[contender.key].map((rate) => round(rate, 1)),
        tokensPerSecond: round(median(rates[contender.key]), 1),
        processCpuMsPerToken: round(median(cpuMsPerToken[contender.key]), 3),
        latencyMs: summarizeLatencies(joined),
      };
    });
    const oursVsNaive = round(pairedRatio(rates.ours, rates.naive), 3);
    const lag: Record<string, LagSummary> = {
      dailyMetrics: summarizeLag(lagSamples.filter((s) => s.projection === 'dailyMetrics')),
      all: summarizeLag(worstPerInstant(lagSamples)),
    };
    for (const projection of allProjections) {
      if (projection.name === 'dailyMetrics') continue;
      lag[projection.name] = summarizeLag(
        lagSamples.filter((s) => s.projection === projection.name),
      );
    }
    const catchUp = {
      medianMs: round(median(catchUpMs), 1),
      maxMs: round(Math.max(...catchUpMs), 1),
      p99Ms: round(percentile(catchUpMs, 99), 1),
    };
    const ms = (value: number): Cell => round(value, 1);

    return {
      parameters: { ...sizes },
      summary: {
        [`ours/naive tokens/s, ${sizes.clients} clients`]: oursVsNaive,
        'lag p99 s, dailyMetrics': round(lag.dailyMetrics?.secondsBehind.p99 ?? Number.NaN, 3),
        'lag p99 s, all projections': round(lag.all?.secondsBehind.p99 ?? Number.NaN, 3),
        'catch-up s after load, max': round(catchUp.maxMs / 1000, 3),
      },
      tables: [
        {
          title: `Token requests at ${sizes.clients} concurrent clients (throughput: median of rounds; latency: all rounds)`,
          columns: ['contender', 'tokens/s', 'p50 ms', 'p99 ms', 'max ms', 'process CPU ms/token'],
          rows: cells.map((cell) => [
            cell.label,
            Math.round(cell.tokensPerSecond),
            ms(cell.latencyMs.p50),
            ms(cell.latencyMs.p99),
            ms(cell.latencyMs.max),
            cell.processCpuMsPerToken,
          ]),
        },
        {
          title: `Projection lag while ours ran, sampled every ${sizes.lagIntervalMs} ms`,
          columns: [
            'projection',
            's behind p50',
            's behind p99',
            's behind max',
            'events behind p50',
            'events behind p99',
            'events behind max',
          ],
          rows: Object.entries(lag).map(([name, entry]) => [
            name,
            round(entry.secondsBehind.p50, 3),
            round(entry.secondsBehind.p99, 3),
            round(entry.secondsBehind.max, 3),
            entry.eventsBehind.p50,
            entry.eventsBehind.p99,
            entry.eventsBehind.max,
          ]),
        },
        {
          title: 'Time for every projection to catch up once the load stopped (per round of ours)',
          columns: ['median ms', 'max ms'],
          rows: [[catchUp.medianMs, catchUp.maxMs]],
        },
      ],
      notes: [
        `${sizes.tenants} tenants x ${sizes.agentsPerTenant} agents; each of the ${sizes.clients} clients requests tokens for its agents in turn over a keep-alive connection (client_secret_basic).`,
        'Both contenders serve the real command routers (credential check, rate limiter in Redis, EdDSA signing); naive swaps the event store port for one that runs INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 on a per-tenant daily counter row instead of appending TokenIssued.',
        `Each API has its own pool of ${sizes.poolSize} connections; the projection workers (feeder, BullMQ worker, all projections) run in the same process with a pool of 10.`,
        'Lag: committed events after each checkpoint, and the age of the oldest of them (0 when caught up).',
      ],
      data: { cells, oursVsNaive, lag, catchUpMs, lagSampleCount: lagSamples.length },
    };
  } finally {
    await Promise.allSettled(
      contenders.map(async (contender) => {
        contender.client.close();
        await contender.server.close(1000);
      }),
    );
    await projections?.close();
    await sampler.close();
    await Promise.allSettled(runtimes.map((runtime) => runtime.close()));
    await database.drop();
  }
}

export const benchmark: Benchmark = {
  name: 'tokens',
  description:
    'POST /oauth2/token through the real HTTP server at 64 concurrent clients: this design (append, projections async) ' +
    'vs a naive synchronous daily-counter increment; projection lag during the load and catch-up after it.',
  run: (context) => runTokensBenchmark(context, tokensSizes[context.mode]),
};
