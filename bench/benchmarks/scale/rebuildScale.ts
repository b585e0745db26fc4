import type { BenchContext } from '../../lib/benchmark.js';
import {
  countedTokens,
  insertHistory,
  logDeps,
  readWholeLog,
  rebuildAllInOnePass,
  type HistoryShape,
} from '../rebuild/logPass.js';

// The rebuild of every projection in one pass (what `projections rebuild`
// runs) against the raw read of the same log, for logs of growing length:
// each size in a database of its own, history growing by days, so every
// read model grows with the log too.

export interface RebuildScaleSizes {
  shape: Omit<HistoryShape, 'days'>;
  /** One log per entry. */
  days: number[];
  batchSize: number;
  rebuildBatchSize: number;
}

export interface RebuildScaleCell {
  events: number;
  readMs: number;
  rebuildMs: number;
}

export async function measureRebuildScale(
  context: BenchContext,
  sizes: RebuildScaleSizes,
): Promise<RebuildScaleCell[]> {
  const cells: RebuildScaleCell[] = [];
  for (const days of sizes.days) {
    const database = await context.createDatabase();
    const log = logDeps(database.url, 'bench-scale-rebuild');
    try {
      const events = await insertHistory(log.pool, { ...sizes.shape, days }, context.log);
      // Read once untimed, so the timed read and the rebuild share a warm cache.
      await readWholeLog(log.eventStore, sizes.batchSize, events);
      const readMs = await readWholeLog(log.eventStore, sizes.batchSize, events);
      context.log(`${events} events: raw read ${(readMs / 1000).toFixed(1)} s`);
      const rebuildMs = await rebuildAllInOnePass(log.deps, sizes);
      context.log(
        `${events} events: rebuilt every projection in ${(rebuildMs / 1000).toFixed(1)} s`,
      );
      const tokens = events - sizes.shape.tenants * sizes.shape.agentsPerTenant;
      const counted = await countedTokens(log.pool);
      if (counted !== tokens) throw new Error(`rebuilt ${counted} tokens, expected ${tokens}`);
      cells.push({ events, readMs, rebuildMs });
    } finally {
      await log.close();
      await database.drop();
    }
  }
  return cells;
}
