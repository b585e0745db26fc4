import { allProjections, allProjectionsModule } from '../../src/readModels/allProjections.js';
import { rebuildProjection } from '../../src/projections/rebuild/rebuildProjection.js';
import type { Benchmark, BenchContext, BenchReport } from '../lib/benchmark.js';
import { median, pairedRatio, ratio, round } from '../lib/stats.js';
import {
  countedTokens,
  insertHistory,
  logDeps,
  readWholeLog,
  rebuildAllInOnePass,
} from './rebuild/logPass.js';

// Rebuilding every projection from the whole log, against reading the same
// log with readAll in batches of the same size, in the same run: the read is
// the floor every rebuild pays, so the ratio says what the folds and upserts add.

export interface RebuildSizes {
  tenants: number;
  agentsPerTenant: number;
  days: number;
  hoursPerDay: number;
  tokensPerHour: number;
  /** The service's default PROJECTION_BATCH_SIZE. */
  batchSize: number;
  /** The service's default PROJECTION_REBUILD_BATCH_SIZE: batches while the new tables are filled. */
  rebuildBatchSize: number;
  rounds: number;
  /**
   * Further rounds of a raw read straight before a one-pass rebuild: the
   * headline ratio is the median of these pairs, each measured under the
   * same machine load, so it holds still while the machine's speed drifts.
   */
  pairedRounds: number;
}

export const rebuildSizes: Record<'full' | 'smoke', RebuildSizes> = {
  // 10 x 100 agents x 50 days x 4 hours x 5 tokens = 1,000,000 TokenIssued (+ 1,000 AgentRegistered).
  full: {
    tenants: 10,
    agentsPerTenant: 100,
    days: 50,
    hoursPerDay: 4,
    tokensPerHour: 5,
    batchSize: 2000,
    rebuildBatchSize: 5000,
    rounds: 1,
    pairedRounds: 4,
  },
  smoke: {
    tenants: 1,
    agentsPerTenant: 10,
    days: 25,
    hoursPerDay: 4,
    tokensPerHour: 5,
    batchSize: 2000,
    rebuildBatchSize: 5000,
    rounds: 1,
    pairedRounds: 1,
  },
};

export async function runRebuildBenchmark(
  context: BenchContext,
  sizes: RebuildSizes,
): Promise<BenchReport> {
  const database = await context.createDatabase();
  const log = logDeps(database.url, 'bench-rebuild');
  const { pool, eventStore, deps } = log;
  try {
    const events = await insertHistory(pool, sizes, context.log);
    const readEverything = (batchSize = sizes.batchSize) =>
      readWholeLog(eventStore, batchSize, events);

    const readMs: number[] = [];
    const largeReadMs: number[] = [];
    const rebuildMs: Record<string, number[]> = {};
    const totalRebuildMs: number[] = [];
    const onePassMs: number[] = [];
    // Read once before anything is timed, so both sides start with the same cache.
    await readEverything();
    const readBoth = async (roundIndex: number): Promise<void> => {
      readMs.push(await readEverything());
      context.log(`round ${roundIndex + 1}: raw read ${(readMs.at(-1) ?? 0).toFixed(0)} ms`);
      largeReadMs.push(await readEverything(sizes.rebuildBatchSize));
      context.log(
        `round ${roundIndex + 1}: raw read in batches of ${sizes.rebuildBatchSize} ${(largeReadMs.at(-1) ?? 0).toFixed(0)} ms`,
      );
    };
    for (let roundIndex = 0; roundIndex < sizes.rounds; roundIndex += 1) {
      await readBoth(roundIndex);
      let total = 0;
      for (const projection of allProjections) {
        const began = performance.now();
        await rebuildProjection(deps, projection, {
          batchSize: sizes.batchSize,
          buildBatchSize: sizes.rebuildBatchSize,
          lockTimeoutMs: 10_000,
          projectionsModule: allProjectionsModule,
        });
        const elapsed = performance.now() - began;
        total += elapsed;
        (rebuildMs[projection.name] ??= []).push(elapsed);
        context.log(
          `round ${roundIndex + 1}: rebuilt ${projection.name} in ${elapsed.toFixed(0)} ms`,
        );
      }
      totalRebuildMs.push(total);
      onePassMs.push(await rebuildAllInOnePass(deps, sizes));
      context.log(
        `round ${roundIndex + 1}: rebuilt all in one pass in ${(onePassMs.at(-1) ?? 0).toFixed(0)} ms`,
      );
      await readBoth(roundIndex);
    }

    const pairedReadMs: number[] = [];
    const pairedFloorMs: number[] = [];
    const pairedPassMs: number[] = [];
    for (let pair = 0; pair < sizes.pairedRounds; pair += 1) {
      pairedReadMs.push(await readEverything());
      // Before the real pass, which fills the tables this one leaves empty.
      pairedFloorMs.push(await rebuildAllInOnePass(deps, sizes, { writes: false }));
      pairedPassMs.push(await rebuildAllInOnePass(deps, sizes));
      context.log(
        `pair ${pair + 1}/${sizes.pairedRounds}: raw read ${(pairedReadMs.at(-1) ?? 0).toFixed(0)} ms, ` +
          `one pass without writes ${(pairedFloorMs.at(-1) ?? 0).toFixed(0)} ms, ` +
          `rebuilt all in one pass in ${(pairedPassMs.at(-1) ?? 0).toFixed(0)} ms`,
      );
    }

    const projectedTokens = await countedTokens(pool);
    const tokenEvents =
      sizes.tenants * sizes.agentsPerTenant * sizes.days * sizes.hoursPerDay * sizes.tokensPerHour;
    if (projectedTokens !== tokenEvents) {
      throw new Error(
        `rebuilt dailyMetrics counts ${projectedTokens} tokens, expected ${tokenEvents}`,
      );
    }

    const rate = (ms: number) => (events * 1000) / ms;
    const readRate = rate(median(readMs));
    const largeReadRate = rate(median(largeReadMs));
    const allRate = rate(median(totalRebuildMs));
    const onePassRate = rate(median(onePassMs));
    const perProjection = allProjections.map((projection) => {
      const ms = median(rebuildMs[projection.name] ?? []);
      return {
        projection: projection.name,
        ms: round(ms, 0),
        eventsPerSecond: round(rate(ms), 0),
        vsRead: round(ratio(rate(ms), readRate), 3),
      };
    });
    return {
      parameters: { ...sizes, events },
      summary: {
        // Rates are inverse times: pass rate / read rate = read time / pass time.
        'rebuild all in one pass / raw read (events/s)': round(
          pairedRatio(pairedReadMs, pairedPassMs),
          3,
        ),
        'one pass without writes / raw read': round(pairedRatio(pairedReadMs, pairedFloorMs), 3),
        'rebuild all in one pass / raw read, unpaired medians': round(
          ratio(onePassRate, readRate),
          3,
        ),
        'rebuild all in one pass / raw read in rebuild-sized batches': round(
          ratio(onePassRate, largeReadRate),
          3,
        ),
        'rebuild all one after another / raw read': round(ratio(allRate, readRate), 3),
        'slowest single projection / raw read': round(
          Math.min(...perProjection.map((p) => p.vsRead)),
          3,
        ),
      },
      tables: [
        {
          title: `${events.toLocaleString('en-US')} events, raw read in batches of ${sizes.batchSize}, rebuilds in batches of ${sizes.rebuildBatchSize} (median of rounds)`,
          columns: ['what', 'seconds', 'events/s', 'vs raw read'],
          rows: [
            ['raw read (readAll)', round(median(readMs) / 1000, 2), Math.round(readRate), 1],
            [
              `raw read (readAll), batches of ${sizes.rebuildBatchSize}`,
              round(median(largeReadMs) / 1000, 2),
              Math.round(largeReadRate),
              round(ratio(largeReadRate, readRate), 3),
            ],
            ...perProjection.map((p): [string, number, number, number] => [
              `rebuild ${p.projection}`,
              round(p.ms / 1000, 2),
              p.eventsPerSecond,
              p.vsRead,
            ]),
            [
              'rebuild all, one after another',
              round(median(totalRebuildMs) / 1000, 2),
              Math.round(allRate),
              round(ratio(allRate, readRate), 3),
            ],
            [
              'one pass without writes (read and folds only; paired rounds)',
              round(median(pairedFloorMs) / 1000, 2),
              Math.round(rate(median(pairedFloorMs))),
              round(ratio(rate(median(pairedFloorMs)), readRate), 3),
            ],
            [
              'rebuild all in one pass (rebuildProjections)',
              round(median(onePassMs) / 1000, 2),
              Math.round(onePassRate),
              round(ratio(onePassRate, readRate), 3),
            ],
          ],
        },
      ],
      notes: [
        'Events are written by SQL straight into the event store tables (bench/lib/tokenHistory.ts), row for row what appendToStream writes; the log is vacuumed and analysed and read once before timing.',
        'Each rebuildProjection reads the whole log itself (readAll in batches), folds the events it handles into a shadow table and swaps it in; "one after another" runs them all in turn. rebuildProjections reads each batch once (its JSON as text), parses and folds it for every projection in a worker thread, and writes the deltas of each projection into its shadow table in a transaction of its own, all side by side (what `projections rebuild` without a name does).',
        `The headline ratio is the median, over ${sizes.pairedRounds} pairs, of a raw read's time over the one-pass rebuild's time measured straight after it: each pair shares the machine's load of the moment. The table's medians and the unpaired ratio come from the rounds with every single rebuild.`,
        '"One pass without writes" is rebuildProjections with every write a no-op: the same read, the same folds in the fold thread, nothing sent to the shadow tables. Its ratio, paired like the headline, is the most the one-pass rebuild can reach while it reads and folds this way, however cheap the writes become.',
        'The raw read is measured before and after the rebuilds, in batches of PROJECTION_BATCH_SIZE; its median is the baseline. Rebuilds fill their new tables in batches of PROJECTION_REBUILD_BATCH_SIZE (the swap catches up in batches of PROJECTION_BATCH_SIZE); a raw read in those larger batches, measured beside it, shows how much of the gain is the read itself.',
      ],
      data: {
        readMs,
        largeReadMs,
        rebuildMs,
        totalRebuildMs,
        onePassMs,
        pairedReadMs,
        pairedFloorMs,
        pairedPassMs,
        perProjection,
        projectedTokens,
      },
    };
  } finally {
    await log.close();
    await database.drop();
  }
}

export const benchmark: Benchmark = {
  name: 'rebuild',
  description:
    'Rebuilding every projection from 1,000,000 events, in events per second, vs reading the same events with readAll.',
  run: (context) => runRebuildBenchmark(context, rebuildSizes[context.mode]),
};
