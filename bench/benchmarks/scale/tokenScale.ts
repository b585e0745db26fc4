import { commandRouters } from '../../../src/commands/http/commandRouters.js';
import type { RunningServer } from '../../../src/http/server.js';
import type { BenchContext } from '../../lib/benchmark.js';
import { createBenchRuntime, startBenchServer, type BenchRuntime } from '../../lib/benchStack.js';
import { httpClient } from '../../lib/httpClient.js';
import { median, summarizeLatencies, type LatencySummary } from '../../lib/stats.js';
import { timedRun } from '../../lib/timedRun.js';
import { startProjectionWorkers, type ProjectionWorkers } from '../tokens/projectionWorkers.js';
import { agentPicker, createTokenAgents, requestToken } from '../tokens/tokenAgents.js';

// POST /oauth2/token through the real server, with the projection workers
// running in their own process as in production, at growing numbers of
// concurrent clients (keep-alive connections).

export interface TokenScaleSizes {
  tenants: number;
  agentsPerTenant: number;
  clients: number[];
  poolSize: number;
  rounds: number;
  warmupMs: number;
  durationMs: number;
}

export interface TokenScaleCell {
  clients: number;
  tokensPerSecond: number;
  latencyMs: LatencySummary;
}

export async function measureTokenScale(
  context: BenchContext,
  sizes: TokenScaleSizes,
): Promise<TokenScaleCell[]> {
  const database = await context.createDatabase();
  let stack: BenchRuntime | undefined;
  let server: RunningServer | undefined;
  let workers: ProjectionWorkers | undefined;
  try {
    stack = await createBenchRuntime({
      databaseUrl: database.url,
      redisUrl: context.redisUrl,
      name: 'scale-tokens',
      poolSize: sizes.poolSize,
    });
    context.log(`registering ${sizes.tenants} x ${sizes.agentsPerTenant} agents`);
    const agents = await createTokenAgents(stack.runtime, sizes);
    workers = await startProjectionWorkers({
      databaseUrl: database.url,
      redisUrl: context.redisUrl,
    });
    server = await startBenchServer(
      commandRouters(stack.runtime, { rateLimitKeyPrefix: `${stack.redisPrefix}:ratelimit` }),
      stack.runtime.logger,
    );
    const cells: TokenScaleCell[] = [];
    for (const clients of sizes.clients) {
      const client = httpClient(server.url, { connections: clients });
      try {
        const rates: number[] = [];
        const latencies: number[] = [];
        for (let round = 0; round < sizes.rounds; round += 1) {
          const pick = agentPicker(agents, clients);
          const result = await timedRun({
            concurrency: clients,
            warmupMs: sizes.warmupMs,
            durationMs: sizes.durationMs,
            operation: (worker) => requestToken(client, pick(worker)),
          });
          rates.push(result.operationsPerSecond);
          latencies.push(...result.latenciesMs);
        }
        const cell = {
          clients,
          tokensPerSecond: median(rates),
          latencyMs: summarizeLatencies(Float64Array.from(latencies)),
        };
        cells.push(cell);
        context.log(
          `${clients} clients: ${cell.tokensPerSecond.toFixed(0)} tokens/s, p50 ${cell.latencyMs.p50.toFixed(1)} ms, p99 ${cell.latencyMs.p99.toFixed(1)} ms`,
        );
      } finally {
        client.close();
      }
    }
    return cells;
  } finally {
    await server?.close(1000);
    await workers?.stop();
    await stack?.close();
    await database.drop();
  }
}
