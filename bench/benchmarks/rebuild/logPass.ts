import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '../../../src/db/pool.js';
import { domainEventCodec } from '../../../src/events/registry.js';
import { START, type GlobalPosition } from '../../../src/eventstore/EventStore.js';
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js';
import { rebuildProjections } from '../../../src/projections/rebuild/rebuildProjection.js';
import type { Projection } from '../../../src/projections/Projection.js';
import type { ProjectionDeps } from '../../../src/projections/runner/processNextBatch.js';
import { allProjections, allProjectionsModule } from '../../../src/readModels/allProjections.js';
import { benchLogger } from '../../lib/benchStack.js';
import { insertTokenHistory } from '../../lib/tokenHistory.js';

// What the rebuild and scale benchmarks share: a log of token history written
// by SQL, the raw read that is the baseline, and the one-pass rebuild of every
// projection (what `projections rebuild` runs).

export interface HistoryShape {
  tenants: number;
  agentsPerTenant: number;
  days: number;
  hoursPerDay: number;
  tokensPerHour: number;
}

export interface LogDeps {
  pool: Pool;
  eventStore: PostgresEventStore;
  deps: ProjectionDeps;
  close(): Promise<void>;
}

export function logDeps(databaseUrl: string, applicationName: string): LogDeps {
  const pool = createPool({ connectionString: databaseUrl, max: 10, applicationName });
  const eventStore = new PostgresEventStore({
    codec: domainEventCodec,
    pool,
    connectionString: databaseUrl,
  });
  return {
    pool,
    eventStore,
    deps: { pool, eventStore, logger: benchLogger() },
    async close() {
      await eventStore.close();
      await pool.end();
    },
  };
}

const dayMs = 86_400_000;

/** Writes `tenants` histories (AgentRegistered, then TokenIssued in time order), vacuumed and analysed. */
export async function insertHistory(
  pool: Pool,
  shape: HistoryShape,
  log: (message: string) => void,
): Promise<number> {
  const lastDay = new Date(Math.floor(Date.now() / dayMs) * dayMs);
  let events = 0;
  const began = performance.now();
  for (let tenant = 0; tenant < shape.tenants; tenant += 1) {
    const history = await insertTokenHistory(pool, {
      tenantId: randomUUID(),
      agents: shape.agentsPerTenant,
      days: shape.days,
      hoursPerDay: shape.hoursPerDay,
      tokensPerHour: shape.tokensPerHour,
      lastDay,
    });
    events += history.events;
    if (shape.tenants > 1) log(`tenant ${tenant + 1}/${shape.tenants}: ${events} events so far`);
  }
  await pool.query('VACUUM ANALYZE events');
  log(`generated ${events} events in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return events;
}

/** Reads the whole log with readAll in batches; milliseconds. Throws unless it read `expected` events. */
export async function readWholeLog(
  eventStore: PostgresEventStore,
  batchSize: number,
  expected: number,
): Promise<number> {
  const began = performance.now();
  let from: GlobalPosition = START;
  let read = 0;
  for (;;) {
    const batch = await eventStore.readAll({ from, maxCount: batchSize });
    const last = batch.at(-1);
    if (!last) break;
    read += batch.length;
    from = last.position;
  }
  if (read !== expected) throw new Error(`read ${read} events, expected ${expected}`);
  return performance.now() - began;
}

/**
 * The projections with every write a no-op: their folds still run (in the
 * fold thread), so a pass with them costs the read and the folds only.
 */
function withoutWrites(projections: readonly Projection[]): Projection[] {
  const skip = async (): Promise<void> => {};
  return projections.map((projection) => ({
    ...projection,
    apply: skip,
    ...(projection.deltas ? { deltas: { fold: projection.deltas.fold, write: skip } } : {}),
    ...(projection.shadowBuild ? { shadowBuild: { write: skip, finish: skip } } : {}),
  }));
}

/**
 * Rebuilds every projection from one pass over the log, folding in a worker
 * thread; milliseconds. With `writes: false` nothing is written, and the
 * tables swapped in are empty: the floor that reading and folding set.
 */
export async function rebuildAllInOnePass(
  deps: ProjectionDeps,
  sizes: { batchSize: number; rebuildBatchSize: number },
  { writes = true }: { writes?: boolean } = {},
): Promise<number> {
  const began = performance.now();
  await rebuildProjections(deps, writes ? allProjections : withoutWrites(allProjections), {
    batchSize: sizes.batchSize,
    buildBatchSize: sizes.rebuildBatchSize,
    lockTimeoutMs: 10_000,
    projectionsModule: allProjectionsModule,
  });
  return performance.now() - began;
}

/** Tokens the rebuilt dailyMetrics counts; the benchmarks check it against what they wrote. */
export async function countedTokens(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ tokens: string }>(
    `SELECT coalesce(sum(count), 0)::text AS tokens FROM analytics_events WHERE metric_type = 'token_issued'`,
  );
  return Number(rows[0]?.tokens);
}
