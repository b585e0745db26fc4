import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { commandRouters } from '../../src/commands/http/commandRouters.js';
import { changeTenantTimeZone } from '../../src/commands/tenants/changeTenantTimeZone.js';
import { createTenant } from '../../src/commands/tenants/createTenant.js';
import type { RunningServer } from '../../src/http/server.js';
import { analyticsRouter } from '../../src/queries/http/analyticsRouter.js';
import { defaultTimeZone } from '../../src/timeZones/reportingTimeZone.js';
import type { Benchmark, BenchContext, BenchReport } from '../lib/benchmark.js';
import { createBenchRuntime, startBenchServer, type BenchRuntime } from '../lib/benchStack.js';
import { adminBearer } from '../lib/adminBearer.js';
import { expectJson, httpClient, type HttpClient } from '../lib/httpClient.js';
import { pairedRatio, round, summarizeLatencies } from '../lib/stats.js';
import { rotate, timedRun } from '../lib/timedRun.js';
import { insertTokenHistory } from '../lib/tokenHistory.js';
import { rawActivityHeatmap, rawAgentUsage, rawTokenTrend } from './queries/rawAggregates.js';
import { startLiveTokenTraffic } from './queries/liveTokenTraffic.js';
import { benchTimeZone, tokensOnAnotherLocalDay } from './queries/benchTimeZone.js';
import { fillReadModelsFromLog } from './queries/readModelsFromLog.js';

// Each analytics endpoint through the real HTTP server, reading the read
// models, against the same answer computed by GROUP BY over the raw events.

export interface QueriesSizes {
  agents: number;
  days: number;
  hoursPerDay: number;
  tokensPerHour: number;
  trendDays: number;
  rounds: number;
  warmupMs: number;
  durationMs: number;
  /** Tokens appended per second for the tenant during the live-traffic rounds. */
  liveTokensPerSecond: number;
}

export const queriesSizes: Record<'full' | 'smoke', QueriesSizes> = {
  // 1,000 agents x 90 days x 4 active hours x 1 token: 360,000 TokenIssued.
  full: {
    agents: 1000,
    days: 90,
    hoursPerDay: 4,
    tokensPerHour: 1,
    trendDays: 90,
    rounds: 5,
    warmupMs: 300,
    durationMs: 2000,
    liveTokensPerSecond: 200,
  },
  smoke: {
    agents: 20,
    days: 90,
    hoursPerDay: 4,
    tokensPerHour: 1,
    trendDays: 90,
    rounds: 1,
    warmupMs: 50,
    durationMs: 300,
    liveTokensPerSecond: 50,
  },
};

export interface QueriesOptions {
  /** The tenant's reporting time zone (BENCH_TIME_ZONE); UTC by default. */
  timeZone: string;
}

const dayMs = 86_400_000;
type Side = 'api' | 'uncached' | 'raw';
const sides: Side[] = ['api', 'uncached', 'raw'];

interface Endpoint {
  name: string;
  path: string;
  raw(now: Date): Promise<unknown>;
}

export async function runQueriesBenchmark(
  context: BenchContext,
  sizes: QueriesSizes,
  { timeZone }: QueriesOptions = { timeZone: defaultTimeZone },
): Promise<BenchReport> {
  const database = await context.createDatabase();
  let stack: BenchRuntime | undefined;
  let server: RunningServer | undefined;
  let uncachedServer: RunningServer | undefined;
  let client: HttpClient | undefined;
  let uncachedClient: HttpClient | undefined;
  try {
    stack = await createBenchRuntime({
      databaseUrl: database.url,
      redisUrl: context.redisUrl,
      name: 'queries',
      poolSize: 10,
    });
    const { runtime } = stack;
    const origin = { actor: { type: 'cli', id: 'bench' }, correlationId: 'bench-setup' } as const;
    const tenant = await createTenant(runtime, { name: 'Bench tenant', origin });
    // Through the command, so the log holds the zone as it would for a tenant admin's PUT.
    if (timeZone !== defaultTimeZone) {
      await changeTenantTimeZone(runtime, { tenantId: tenant.tenantId, timeZone, origin });
    }
    const history = await insertTokenHistory(runtime.pool, {
      tenantId: tenant.tenantId,
      agents: sizes.agents,
      days: sizes.days,
      hoursPerDay: sizes.hoursPerDay,
      tokensPerHour: sizes.tokensPerHour,
      lastDay: new Date(Math.floor(Date.now() / dayMs) * dayMs),
      spreadOverHour: true,
      // As a real tenant's: no activity ahead of the clock, which in a zone
      // east of UTC would put the stored window a local day ahead of the
      // asked one and make every uncached answer correct a day at each end.
      endAt: new Date(),
    });
    await fillReadModelsFromLog(runtime.pool, tenant.tenantId);
    await runtime.pool.query('VACUUM ANALYZE');
    const shiftedTokens = await tokensOnAnotherLocalDay(runtime.pool, tenant.tenantId, timeZone);
    if (timeZone !== defaultTimeZone && shiftedTokens === 0) {
      throw new Error(`no token falls on another local day in ${timeZone}: the zone is not tested`);
    }
    context.log(
      `generated ${history.events} events and their read models; reporting time zone ${timeZone}, ` +
        `${shiftedTokens} tokens on another local day than their UTC day`,
    );

    server = await startBenchServer(
      [
        ...commandRouters(runtime, { rateLimitKeyPrefix: `${stack.redisPrefix}:ratelimit` }),
        analyticsRouter(runtime),
      ],
      runtime.logger,
    );
    // The same API with its answer cache off: every request computes its
    // answer from the read models, as after a projection wrote for the tenant.
    uncachedServer = await startBenchServer(
      [analyticsRouter(runtime, { answerCacheBytes: 0 })],
      runtime.logger,
    );
    client = httpClient(server.url, { connections: 1 });
    uncachedClient = httpClient(uncachedServer.url, { connections: 1 });
    const http = client;
    const uncachedHttp = uncachedClient;
    const authorization = await adminBearer(http, tenant);
    const get = async (path: string) =>
      expectJson<unknown>(await http.request('GET', path, { headers: authorization }));
    // Timed requests accept gzip, as browsers and the portal's server do,
    // and end at the last byte of a 200; decompressing and parsing are the
    // client's work, not the endpoint's.
    const compressed = { ...authorization, 'accept-encoding': 'gzip' };
    const fetchFrom = (target: HttpClient) => async (path: string) => {
      const response = await target.request('GET', path, { headers: compressed });
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    };
    const fetchCached = fetchFrom(http);
    const fetchUncached = fetchFrom(uncachedHttp);
    const { pool } = runtime;
    const tenantId = tenant.tenantId;
    const endpoints: Endpoint[] = [
      {
        name: 'token trend',
        path: `/api/analytics/tokens?days=${sizes.trendDays}`,
        raw: (now) => rawTokenTrend(pool, tenantId, timeZone, sizes.trendDays, now),
      },
      {
        name: 'activity heatmap',
        path: '/api/analytics/agents/activity',
        raw: (now) => rawActivityHeatmap(pool, tenantId, timeZone, now),
      },
      {
        name: 'agent usage',
        path: '/api/analytics/agents',
        raw: (now) => rawAgentUsage(pool, tenantId, timeZone, now),
      },
    ];

    // Both sides must give the same answer, or the comparison means nothing.
    const answerSizes: Record<string, number> = {};
    const checkAnswers = async () => {
      for (const endpoint of endpoints) {
        const raw = await endpoint.raw(new Date());
        const api = await get(endpoint.path);
        const uncached = expectJson<unknown>(
          await uncachedHttp.request('GET', endpoint.path, { headers: authorization }),
        );
        const gzipped = await http.request('GET', endpoint.path, { headers: compressed });
        if (gzipped.headers['reporting-time-zone'] !== timeZone) {
          throw new Error(
            `${endpoint.name}: answered in ${String(gzipped.headers['reporting-time-zone'])}, not ${timeZone}`,
          );
        }
        const unzipped: unknown =
          gzipped.headers['content-encoding'] === 'gzip'
            ? JSON.parse(gunzipSync(gzipped.bytes).toString('utf8'))
            : expectJson<unknown>(gzipped);
        if (
          !isDeepStrictEqual(api, raw) ||
          !isDeepStrictEqual(uncached, raw) ||
          !isDeepStrictEqual(unzipped, raw)
        ) {
          throw new Error(`${endpoint.name}: the API and the raw GROUP BY answer differently`);
        }
        answerSizes[endpoint.name] = Array.isArray(api) ? api.length : 0;
      }
    };
    await checkAnswers();

    const operation = (endpoint: Endpoint, side: Side) => {
      if (side === 'api') return () => fetchCached(endpoint.path);
      if (side === 'uncached') return () => fetchUncached(endpoint.path);
      return () => endpoint.raw(new Date());
    };
    const rates = new Map<string, number[]>();
    const latencies = new Map<string, number[]>();
    for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
      for (const [index, endpoint] of endpoints.entries()) {
        for (const side of rotate<Side>(sides, roundIndex + index)) {
          const run = operation(endpoint, side);
          const result = await timedRun({
            concurrency: 1,
            warmupMs: sizes.warmupMs,
            durationMs: sizes.durationMs,
            operation: async () => {
              await run();
            },
          });
          const key = `${endpoint.name}/${side}`;
          rates.set(key, [...(rates.get(key) ?? []), result.operationsPerSecond]);
          latencies.set(key, [...(latencies.get(key) ?? []), ...result.latenciesMs]);
          const summary = summarizeLatencies(result.latenciesMs);
          context.log(
            `round ${roundIndex + 1}/${sizes.rounds} ${endpoint.name} ${side}: ` +
              `p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms (${result.operations} requests)`,
          );
        }
      }
    }

    // The same API while tokens flow for the tenant: appended to the log and
    // projected by workers in a process of their own, each batch moving the
    // tenant's read-model version, so most requests compute their answer.
    const traffic = await startLiveTokenTraffic({
      runtime,
      databaseUrl: database.url,
      redisUrl: context.redisUrl,
      tenantId,
      agentIds: history.agentIds,
      tokensPerSecond: sizes.liveTokensPerSecond,
    });
    let live: Awaited<ReturnType<typeof traffic.stop>>;
    const liveLatencies = new Map<string, number[]>();
    try {
      for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
        for (const endpoint of rotate(endpoints, roundIndex)) {
          const result = await timedRun({
            concurrency: 1,
            warmupMs: sizes.warmupMs,
            durationMs: sizes.durationMs,
            operation: () => fetchCached(endpoint.path),
          });
          liveLatencies.set(endpoint.name, [
            ...(liveLatencies.get(endpoint.name) ?? []),
            ...result.latenciesMs,
          ]);
          const summary = summarizeLatencies(result.latenciesMs);
          context.log(
            `round ${roundIndex + 1}/${sizes.rounds} ${endpoint.name} under live traffic: ` +
              `p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms (${result.operations} requests)`,
          );
        }
      }
    } finally {
      live = await traffic.stop();
    }
    context.log(
      `live traffic: ${live.appended} tokens appended, ${live.tokensPerSecond.toFixed(0)} per second`,
    );
    // Once the projections caught up, the answers equal the raw log again.
    await checkAnswers();

    const results = endpoints.map((endpoint) => {
      const api = summarizeLatencies(latencies.get(`${endpoint.name}/api`) ?? []);
      const uncached = summarizeLatencies(latencies.get(`${endpoint.name}/uncached`) ?? []);
      const raw = summarizeLatencies(latencies.get(`${endpoint.name}/raw`) ?? []);
      const rawRates = rates.get(`${endpoint.name}/raw`) ?? [];
      const liveMs = summarizeLatencies(liveLatencies.get(endpoint.name) ?? []);
      return {
        endpoint: endpoint.name,
        path: endpoint.path,
        rows: answerSizes[endpoint.name] ?? 0,
        apiMs: api,
        uncachedMs: uncached,
        rawMs: raw,
        liveMs,
        liveRequests: liveLatencies.get(endpoint.name)?.length ?? 0,
        // Requests per second of the API over queries per second of the raw GROUP BY, paired by round.
        speedup: round(pairedRatio(rates.get(`${endpoint.name}/api`) ?? [], rawRates), 2),
        uncachedSpeedup: round(
          pairedRatio(rates.get(`${endpoint.name}/uncached`) ?? [], rawRates),
          2,
        ),
        p50Ratio: round(raw.p50 / api.p50, 2),
      };
    });
    const ms = (value: number) => round(value, 2);
    const summary: Record<string, number> = {};
    for (const result of results) {
      summary[`${result.endpoint} API p99 ms`] = ms(result.apiMs.p99);
      summary[`${result.endpoint} raw/API time`] = result.speedup;
      summary[`${result.endpoint} uncached API p99 ms`] = ms(result.uncachedMs.p99);
      summary[`${result.endpoint} raw/uncached API time`] = result.uncachedSpeedup;
      summary[`${result.endpoint} under live traffic p99 ms`] = ms(result.liveMs.p99);
    }
    return {
      parameters: {
        ...sizes,
        timeZone,
        tokensOnAnotherLocalDay: shiftedTokens,
        events: history.events,
        liveTokensAppended: live.appended,
        liveTokensPerSecondReached: round(live.tokensPerSecond, 0),
      },
      summary,
      tables: [
        {
          title: `One tenant in ${timeZone}, ${sizes.agents} agents, ${sizes.days} days of history (${history.events.toLocaleString('en-US')} events); one client, requests back to back`,
          columns: [
            'endpoint',
            'rows',
            'API p50 ms',
            'API p99 ms',
            'uncached API p50 ms',
            'uncached API p99 ms',
            'raw GROUP BY p50 ms',
            'raw GROUP BY p99 ms',
            'raw/API (paired rates)',
            'raw/uncached API',
          ],
          rows: results.map((result) => [
            `${result.endpoint} (${result.path})`,
            result.rows,
            ms(result.apiMs.p50),
            ms(result.apiMs.p99),
            ms(result.uncachedMs.p50),
            ms(result.uncachedMs.p99),
            ms(result.rawMs.p50),
            ms(result.rawMs.p99),
            result.speedup,
            result.uncachedSpeedup,
          ]),
        },
        {
          title: `The same API while ${Math.round(live.tokensPerSecond)} tokens per second flow for the tenant (appended and projected); one client, requests back to back`,
          columns: ['endpoint', 'requests', 'p50 ms', 'p99 ms'],
          rows: results.map((result) => [
            `${result.endpoint} (${result.path})`,
            result.liveRequests,
            ms(result.liveMs.p50),
            ms(result.liveMs.p99),
          ]),
        },
      ],
      notes: [
        "API: GET through the real HTTP server with a tenant admin token (verification, tenant-scoped read-only transaction, read-model version, answer from the cache keyed on it), with Accept-Encoding: gzip as browsers and the portal's server send it, timed to the last byte of the response (decompressing and parsing are left to the client). Uncached API: the same server code with the answer cache off, so every request builds its answer from the read models, as the first request after a projection wrote for the tenant does. Raw: the same answer by GROUP BY over the events table on a pooled connection, without HTTP, so the ratio is, if anything, in the raw side's favour.",
        "The read models are filled from the same events by GROUP BY (bench/benchmarks/queries/readModelsFromLog.ts); before timing, every endpoint's answer is checked to be identical to the raw one.",
        'Live traffic: TokenIssued events of the tenant’s agents appended to the log at a paced rate while the projection workers run in a process of their own; every projection batch gives the tenant a new read-model version, so most requests compute their answer (the cached API, as served). After the traffic the projections catch up and every answer is checked against the raw GROUP BY again.',
        `Agents are active ${sizes.hoursPerDay} fixed UTC hours a day, ${sizes.tokensPerHour} token(s) per hour, each at a second of its own anywhere in the hour, up to the start of the run (none ahead of the clock); the activity heatmap covers the last 30 days, the token trend ${sizes.trendDays} days, agent usage the current month.`,
        `Reporting time zone ${timeZone} (BENCH_TIME_ZONE): the days, the heatmap's day of week and hour and the month are local; ${shiftedTokens.toLocaleString('en-US')} tokens fall on another local day than their UTC day. The read models and the raw side place instants by Postgres's zone rules, the API by the runtime's.`,
      ],
      data: { results },
      ...(timeZone === defaultTimeZone ? {} : { variant: timeZone.replaceAll('/', '-') }),
    };
  } finally {
    client?.close();
    uncachedClient?.close();
    await server?.close(1000);
    await uncachedServer?.close(1000);
    await stack?.close();
    await database.drop();
  }
}

export const benchmark: Benchmark = {
  name: 'queries',
  description:
    'Each analytics endpoint for a tenant with 1,000 agents and 90 days of history, p50 and p99 through HTTP, ' +
    'vs the same answer by GROUP BY over the raw events.',
  run: (context) =>
    runQueriesBenchmark(context, queriesSizes[context.mode], { timeZone: benchTimeZone() }),
};
