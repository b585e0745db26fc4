import type { Benchmark, BenchContext, BenchReport, Cell } from '../lib/benchmark.js';
import { ratio, round } from '../lib/stats.js';
import { measureQueryScale, type QueryScaleSizes } from './scale/queryScale.js';
import { measureRebuildScale, type RebuildScaleSizes } from './scale/rebuildScale.js';
import { measureTokenScale, type TokenScaleSizes } from './scale/tokenScale.js';

// How the service grows: every query endpoint at 100, 1,000 and 10,000 agents
// of one tenant, the rebuild of every projection at 1 and 5 million events,
// and token issuing at 1, 16 and 64 concurrent clients. Each row says how far
// its figure moved against the smallest size, beside how far the size moved.

export interface ScaleSizes {
  queries: QueryScaleSizes;
  rebuild: RebuildScaleSizes;
  tokens: TokenScaleSizes;
}

const rebuildShape = { tenants: 10, agentsPerTenant: 100, hoursPerDay: 4, tokensPerHour: 5 };

export const scaleSizes: Record<'full' | 'reduced' | 'smoke', ScaleSizes> = {
  full: {
    // 100, 1,000 and 10,000 agents x 30 days x 2 hours x 1 token (up to 610,000 events).
    queries: {
      agents: [100, 1000, 10000],
      days: 30,
      hoursPerDay: 2,
      tokensPerHour: 1,
      rounds: 3,
      warmupMs: 300,
      durationMs: 2000,
    },
    // 1,000 agents x 50 and 250 days x 20 tokens a day: 1,001,000 and 5,001,000 events.
    rebuild: { shape: rebuildShape, days: [50, 250], batchSize: 2000, rebuildBatchSize: 5000 },
    tokens: {
      tenants: 4,
      agentsPerTenant: 64,
      clients: [1, 16, 64],
      poolSize: 20,
      rounds: 3,
      warmupMs: 1000,
      durationMs: 5000,
    },
  },
  // The same shapes, smaller: for a machine or a deadline that cannot wait for full sizes.
  reduced: {
    queries: {
      agents: [100, 1000, 10000],
      days: 7,
      hoursPerDay: 2,
      tokensPerHour: 1,
      rounds: 1,
      warmupMs: 200,
      durationMs: 1000,
    },
    rebuild: { shape: rebuildShape, days: [10, 50], batchSize: 2000, rebuildBatchSize: 5000 },
    tokens: {
      tenants: 4,
      agentsPerTenant: 64,
      clients: [1, 16, 64],
      poolSize: 20,
      rounds: 1,
      warmupMs: 500,
      durationMs: 2000,
    },
  },
  smoke: {
    queries: {
      agents: [5, 10, 20],
      days: 3,
      hoursPerDay: 2,
      tokensPerHour: 1,
      rounds: 1,
      warmupMs: 30,
      durationMs: 300,
    },
    rebuild: {
      shape: { tenants: 1, agentsPerTenant: 10, hoursPerDay: 4, tokensPerHour: 5 },
      days: [2, 4],
      batchSize: 2000,
      rebuildBatchSize: 5000,
    },
    tokens: {
      tenants: 1,
      agentsPerTenant: 4,
      clients: [1, 2, 4],
      poolSize: 4,
      rounds: 1,
      warmupMs: 50,
      // Long enough for a few tokens on a loaded machine: a cell without any fails the smoke test.
      durationMs: 1000,
    },
  },
};

/** Full sizes, unless BENCH_SCALE_SIZES=reduced asks for the smaller shapes. */
export function scaleSizesFor(mode: BenchContext['mode']): ScaleSizes {
  if (mode === 'smoke') return scaleSizes.smoke;
  return process.env.BENCH_SCALE_SIZES === 'reduced' ? scaleSizes.reduced : scaleSizes.full;
}

const growth = (value: number, base: number | undefined) =>
  base === undefined ? null : round(ratio(value, base), 2);

export async function runScaleBenchmark(
  context: BenchContext,
  sizes: ScaleSizes,
): Promise<BenchReport> {
  context.log('queries by agents per tenant');
  const queries = await measureQueryScale(context, sizes.queries);
  context.log('rebuild by events in the log');
  const rebuilds = await measureRebuildScale(context, sizes.rebuild);
  context.log('tokens by concurrent clients');
  const tokens = await measureTokenScale(context, sizes.tokens);

  const smallestAgents = Math.min(...sizes.queries.agents);
  const largestAgents = Math.max(...sizes.queries.agents);
  const baseQuery = (endpoint: string) =>
    queries.find((cell) => cell.endpoint === endpoint && cell.agents === smallestAgents);
  const queryRows: Cell[][] = queries.map((cell) => [
    cell.endpoint,
    cell.agents,
    round(cell.latencyMs.p50, 2),
    round(cell.latencyMs.p99, 2),
    round(cell.requestsPerSecond, 1),
    cell.responseBytes,
    growth(cell.latencyMs.p50, baseQuery(cell.endpoint)?.latencyMs.p50),
    round(cell.agents / smallestAgents, 0),
  ]);
  const firstRebuild = rebuilds[0];
  const rebuildRows: Cell[][] = rebuilds.map((cell) => [
    cell.events,
    round(cell.readMs / 1000, 1),
    round(cell.rebuildMs / 1000, 1),
    Math.round((cell.events * 1000) / cell.readMs),
    Math.round((cell.events * 1000) / cell.rebuildMs),
    round(ratio(cell.readMs, cell.rebuildMs), 3),
    round(cell.rebuildMs / 1000 / (cell.events / 1e6), 1),
    growth(cell.rebuildMs, firstRebuild?.rebuildMs),
    growth(cell.events, firstRebuild?.events),
  ]);
  const oneClient = tokens[0];
  const tokenRows: Cell[][] = tokens.map((cell) => [
    cell.clients,
    Math.round(cell.tokensPerSecond),
    round(cell.latencyMs.p50, 1),
    round(cell.latencyMs.p99, 1),
    growth(cell.tokensPerSecond, oneClient?.tokensPerSecond),
  ]);

  const summary: Record<string, number> = {};
  for (const endpoint of new Set(queries.map((cell) => cell.endpoint))) {
    const largest = queries.find(
      (cell) => cell.endpoint === endpoint && cell.agents === largestAgents,
    );
    const base = baseQuery(endpoint);
    if (largest && base) {
      summary[`${endpoint}: p50 at ${largestAgents} / at ${smallestAgents} agents`] = round(
        ratio(largest.latencyMs.p50, base.latencyMs.p50),
        2,
      );
    }
  }
  const lastRebuild = rebuilds.at(-1);
  if (firstRebuild && lastRebuild) {
    summary['rebuild s per million events, largest / smallest log'] = round(
      ratio(
        lastRebuild.rebuildMs / lastRebuild.events,
        firstRebuild.rebuildMs / firstRebuild.events,
      ),
      2,
    );
    summary['rebuild / raw read rate, largest log'] = round(
      ratio(lastRebuild.readMs, lastRebuild.rebuildMs),
      3,
    );
  }
  const mostClients = tokens.at(-1);
  if (oneClient && mostClients) {
    summary[`tokens/s at ${mostClients.clients} / at ${oneClient.clients} client`] = round(
      ratio(mostClients.tokensPerSecond, oneClient.tokensPerSecond),
      2,
    );
  }

  return {
    parameters: { ...sizes },
    summary,
    tables: [
      {
        title: `Query endpoints by agents of the tenant (answer cache off, one client, ${sizes.queries.days} days of history)`,
        columns: [
          'endpoint',
          'agents',
          'p50 ms',
          'p99 ms',
          'requests/s',
          'response bytes',
          'p50 vs smallest',
          'agents vs smallest',
        ],
        rows: queryRows,
      },
      {
        title: 'Rebuild of every projection in one pass, by events in the log',
        columns: [
          'events',
          'raw read s',
          'rebuild s',
          'raw read events/s',
          'rebuild events/s',
          'rebuild / raw read rate',
          'rebuild s per million events',
          'rebuild s vs smallest',
          'events vs smallest',
        ],
        rows: rebuildRows,
      },
      {
        title: `POST /oauth2/token by concurrent clients (${sizes.tokens.tenants} tenants x ${sizes.tokens.agentsPerTenant} agents, projection workers running)`,
        columns: ['clients', 'tokens/s', 'p50 ms', 'p99 ms', 'tokens/s vs 1 client'],
        rows: tokenRows,
      },
    ],
    notes: [
      'Queries: one tenant per size in one database, its history written by SQL (bench/lib/tokenHistory.ts), its read models filled by GROUP BY over the log (queries/readModelsFromLog.ts) and its failure rows by generate_series (scale/tokenFailuresRows.ts); the answer cache is off, so every request reads the read models and its answer is sent uncompressed (only cached answers are kept gzipped); the measuring window is at least five times the first request, so slow cells still count several requests.',
      'Rebuild: each log in a database of its own, grown by days of history so every read model grows with it; the raw read (readAll in batches of PROJECTION_BATCH_SIZE) is timed once after an untimed read; the rebuild folds in a worker thread as `projections rebuild` does, and must count every token.',
      'Tokens: the real command routers (credential check, rate limiter in Redis, EdDSA signing), the projection workers in a child process; each client keeps one connection.',
    ],
    data: { queries, rebuilds, tokens },
  };
}

export const benchmark: Benchmark = {
  name: 'scale',
  description:
    'How the service grows: each query endpoint at 100, 1,000 and 10,000 agents, the rebuild at 1 and 5 million events, tokens at 1, 16 and 64 clients.',
  run: (context) => runScaleBenchmark(context, scaleSizesFor(context.mode)),
};
