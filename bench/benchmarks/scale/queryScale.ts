import { commandRouters } from '../../../src/commands/http/commandRouters.js';
import { createTenant } from '../../../src/commands/tenants/createTenant.js';
import type { RunningServer } from '../../../src/http/server.js';
import { agentsRouter } from '../../../src/queries/http/agentsRouter.js';
import { analyticsRouter } from '../../../src/queries/http/analyticsRouter.js';
import { adminBearer } from '../../lib/adminBearer.js';
import type { BenchContext } from '../../lib/benchmark.js';
import { createBenchRuntime, startBenchServer, type BenchRuntime } from '../../lib/benchStack.js';
import { httpClient, type HttpClient } from '../../lib/httpClient.js';
import { median, summarizeLatencies, type LatencySummary } from '../../lib/stats.js';
import { timedRun } from '../../lib/timedRun.js';
import { insertTokenHistory } from '../../lib/tokenHistory.js';
import { fillReadModelsFromLog } from '../queries/readModelsFromLog.js';
import { insertTokenFailures } from './tokenFailuresRows.js';

// Every query endpoint of one tenant, through the HTTP server with the answer
// cache off (each request reads the read models), for tenants of growing
// numbers of agents side by side in one database.

export interface QueryScaleSizes {
  agents: number[];
  days: number;
  hoursPerDay: number;
  tokensPerHour: number;
  rounds: number;
  warmupMs: number;
  durationMs: number;
}

export interface QueryScaleCell {
  endpoint: string;
  agents: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  responseBytes: number;
}

const dayMs = 86_400_000;

export async function measureQueryScale(
  context: BenchContext,
  sizes: QueryScaleSizes,
): Promise<QueryScaleCell[]> {
  const database = await context.createDatabase();
  let stack: BenchRuntime | undefined;
  let server: RunningServer | undefined;
  let client: HttpClient | undefined;
  try {
    stack = await createBenchRuntime({
      databaseUrl: database.url,
      redisUrl: context.redisUrl,
      name: 'scale-queries',
      poolSize: 10,
    });
    const { runtime } = stack;
    server = await startBenchServer(
      [
        ...commandRouters(runtime, { rateLimitKeyPrefix: `${stack.redisPrefix}:ratelimit` }),
        analyticsRouter(runtime, { answerCacheBytes: 0 }),
        agentsRouter(runtime),
      ],
      runtime.logger,
    );
    client = httpClient(server.url, { connections: 1 });
    const http = client;
    const lastDay = new Date(Math.floor(Date.now() / dayMs) * dayMs);
    const tenants: Array<{ agents: number; authorization: string }> = [];
    for (const agents of sizes.agents) {
      const began = performance.now();
      const tenant = await createTenant(runtime, {
        name: `Tenant of ${agents} agents`,
        origin: { actor: { type: 'cli', id: 'bench' }, correlationId: 'bench-setup' },
      });
      const history = await insertTokenHistory(runtime.pool, {
        tenantId: tenant.tenantId,
        agents,
        days: sizes.days,
        hoursPerDay: sizes.hoursPerDay,
        tokensPerHour: sizes.tokensPerHour,
        lastDay,
      });
      await fillReadModelsFromLog(runtime.pool, tenant.tenantId);
      await insertTokenFailures(runtime.pool, tenant.tenantId, history.agentIds, {
        days: sizes.days,
        lastDay,
      });
      const { authorization } = await adminBearer(http, tenant);
      tenants.push({ agents, authorization });
      context.log(
        `tenant of ${agents} agents: ${history.events} events and read models in ${((performance.now() - began) / 1000).toFixed(1)} s`,
      );
    }
    await runtime.pool.query('VACUUM ANALYZE');

    const endpoints = [
      { name: 'token trend', path: `/api/analytics/tokens?days=${sizes.days}` },
      { name: 'activity heatmap', path: '/api/analytics/agents/activity' },
      { name: 'agent usage', path: '/api/analytics/agents' },
      { name: 'agents list (first page)', path: '/api/agents' },
      { name: 'failure trend', path: `/api/analytics/failures?days=${sizes.days}` },
      { name: 'agent failures', path: `/api/analytics/agents/failures?days=${sizes.days}` },
    ];
    const cells: QueryScaleCell[] = [];
    for (const endpoint of endpoints) {
      for (const tenant of tenants) {
        const headers = { authorization: tenant.authorization, 'accept-encoding': 'gzip' };
        const probeStarted = performance.now();
        const probe = await http.request('GET', endpoint.path, { headers });
        const probeMs = performance.now() - probeStarted;
        if (probe.status !== 200) {
          throw new Error(`${endpoint.path}: HTTP ${probe.status} ${probe.body.slice(0, 200)}`);
        }
        // Only requests ending inside the window count: it spans several of the slowest.
        const durationMs = Math.max(sizes.durationMs, probeMs * 5);
        const rates: number[] = [];
        const latencies: number[] = [];
        for (let round = 0; round < sizes.rounds; round += 1) {
          const result = await timedRun({
            concurrency: 1,
            warmupMs: sizes.warmupMs,
            durationMs,
            operation: async () => {
              const response = await http.request('GET', endpoint.path, { headers });
              if (response.status !== 200) throw new Error(`${endpoint.path}: ${response.status}`);
            },
          });
          rates.push(result.operationsPerSecond);
          latencies.push(...result.latenciesMs);
        }
        const cell = {
          endpoint: endpoint.name,
          agents: tenant.agents,
          requestsPerSecond: median(rates),
          latencyMs: summarizeLatencies(Float64Array.from(latencies)),
          responseBytes: probe.bytes.length,
        };
        cells.push(cell);
        context.log(
          `${endpoint.name}, ${tenant.agents} agents: p50 ${cell.latencyMs.p50.toFixed(1)} ms, ${cell.responseBytes} bytes`,
        );
      }
    }
    return cells;
  } finally {
    client?.close();
    await server?.close(1000);
    await stack?.close();
    await database.drop();
  }
}
