import type { Projection } from '../Projection.js';
import { applyTogether } from './applyTogether.js';
import { readCheckpointsAtOnce, type CheckpointRow } from './checkpoints.js';
import { byPosition, splitAtPage } from './liveGroup.js';
import type { ProjectionDeps } from './processNextBatch.js';

export interface TogetherOptions {
  projections: readonly Projection[];
  batchSize: number;
  lockTimeoutMs: number;
  /** Checked between batches: a stopping worker finishes its batch, then returns. */
  shouldStop?: () => boolean;
  /** Queues per-projection wake-ups: runProjection takes over those projections. */
  handOff: (names: readonly string[]) => Promise<void>;
}

// The live path's fixed costs (a job, a log read, a transaction and its
// checkpoint statements) are paid per wake-up rather than per projection: the
// projections whose checkpoints one page of the log reaches share that page
// and one transaction. Whatever does not fit goes to the per-projection path,
// which keeps its own retries, narrowing and parking:
// - projections behind the group (new, or left behind by a failure) until
//   they have caught up with it;
// - projections whose last batch failed, until one succeeds (which clears
//   the error);
// - the whole group, for this wake-up, when its shared batch fails.
export async function runTogether(deps: ProjectionDeps, options: TogetherOptions): Promise<number> {
  const byName = new Map(options.projections.map((p) => [p.name, p]));
  const names = options.projections.map((p) => p.name);
  let processed = 0;
  while (!options.shouldStop?.()) {
    const checkpoints = await readCheckpointsAtOnce(deps.pool, names);
    const apart: CheckpointRow[] = checkpoints.filter((c) => c.lastError !== null);
    let group = byPosition(checkpoints.filter((c) => c.lastError === null));
    let page = await readFrom(deps, group, options.batchSize);
    for (;;) {
      const { covered, beyond } = splitAtPage(group, page);
      if (beyond.length === 0) break;
      // Those the page reaches are behind the others.
      apart.push(...covered);
      group = beyond;
      page = await readFrom(deps, group, options.batchSize);
    }
    if (apart.length > 0) await options.handOff(apart.map((c) => c.projection));
    if (page.length === 0) break;
    const members = group.map((c) => ({
      projection: byName.get(c.projection) as Projection,
      from: c.position,
    }));
    try {
      await applyTogether(deps, members, page, options.lockTimeoutMs);
    } catch (error) {
      deps.logger.warn(
        { err: error, projections: group.map((c) => c.projection) },
        'shared projection batch failed; each projection goes on alone',
      );
      await options.handOff(group.map((c) => c.projection));
      break;
    }
    processed += page.length;
    if (page.length < options.batchSize) break;
  }
  return processed;
}

async function readFrom(
  deps: ProjectionDeps,
  ordered: readonly CheckpointRow[],
  batchSize: number,
): Promise<Awaited<ReturnType<ProjectionDeps['eventStore']['readAll']>>> {
  const first = ordered[0];
  if (!first) return [];
  return deps.eventStore.readAll({ from: first.position, maxCount: batchSize });
}
