import pg from 'pg';
import { ConflictError } from '../../errors.js';
import { withTransaction, type PoolClient } from '../../db/pool.js';
import { applyBatch, decodeFor, lockCheckpoint, type BatchTarget } from '../runner/applyBatch.js';
import { buildShadows } from './buildShadows.js';
import { copyStorageParameters } from './copyStorageParameters.js';
import { deleteCheckpoint, readCheckpoint, setCheckpoint } from '../runner/checkpoints.js';
import type { ProjectionDeps } from '../runner/processNextBatch.js';
import { shadowTable, tablesOf, type Projection } from '../Projection.js';
import { bumpGeneration } from '../runner/readModelVersions.js';
import { isDataError, runProjection } from '../runner/runProjection.js';

export interface RebuildProgress {
  projection: string;
  phase: 'building' | 'swapping' | 'done';
  /** Events read into the new table so far. */
  done: number;
  /** Estimate: the live projection's event count, raised as the rebuild passes it. */
  total: number;
}

export interface RebuildOptions {
  /** Events per batch for the swap's catch-up and for narrowing a data error. */
  batchSize: number;
  /** Events per batch while the new tables are filled; batchSize when not given. */
  buildBatchSize?: number;
  lockTimeoutMs: number;
  /** How long the swap may wait for queries holding the live table. */
  swapLockTimeoutMs?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * URL of a module exporting `allProjections` (`allProjectionsModule`): the
   * new tables are then filled from pages decoded and folded in a worker
   * thread, leaving this one to read and write. Without it, all on this thread.
   */
  projectionsModule?: string;
}

export function shadowTarget(projection: Projection): BatchTarget {
  return {
    table: shadowTable(projection.table),
    checkpoint: `${projection.name}__rebuild`,
    live: false,
  };
}

const lockNotAvailable = '55P03';

// Rebuilds a read model from position 0 without downtime: the new table is
// filled beside the live one (which keeps serving and keeps being updated),
// then, holding the live projection's lock, caught up to the newest event and
// swapped in by renames in one transaction. Readers see the old table or the
// complete new one, never an empty or partial one.
export async function rebuildProjection(
  deps: ProjectionDeps,
  projection: Projection,
  options: RebuildOptions,
): Promise<RebuildProgress> {
  const [progress] = await rebuildProjections(deps, [projection], options);
  return progress as RebuildProgress;
}

// Several read models at once, the same way, from one pass over the log:
// reading the log is most of a rebuild's cost, so each batch is read once and
// applied to every shadow table in one transaction. Swaps stay one per
// projection, each under that projection's own lock.
export async function rebuildProjections(
  deps: ProjectionDeps,
  projections: readonly Projection[],
  options: RebuildOptions,
): Promise<RebuildProgress[]> {
  const guard = await deps.pool.connect();
  const guardKeys: string[] = [];
  try {
    for (const projection of projections) {
      const guardKey = `rebuild:${projection.name}`;
      const locked = await guard.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [guardKey],
      );
      if (!locked.rows[0]?.locked) {
        throw new ConflictError(`A rebuild of ${projection.name} is already running`);
      }
      guardKeys.push(guardKey);
    }
    return await rebuildHoldingGuards(deps, projections, options);
  } finally {
    for (const guardKey of guardKeys) {
      await guard.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [guardKey]);
    }
    guard.release();
  }
}

async function rebuildHoldingGuards(
  deps: ProjectionDeps,
  projections: readonly Projection[],
  options: RebuildOptions,
): Promise<RebuildProgress[]> {
  const shadows = projections.map(shadowTarget);
  const progress: RebuildProgress[] = [];
  for (const [index, projection] of projections.entries()) {
    const shadow = shadows[index] as BatchTarget;
    await withTransaction(deps.pool, async (client) => {
      for (const table of tablesOf(projection)) {
        const live = pg.escapeIdentifier(table);
        const next = pg.escapeIdentifier(shadowTable(table));
        await client.query(`DROP TABLE IF EXISTS ${next}`);
        await client.query(`CREATE TABLE ${next} (LIKE ${live} INCLUDING ALL)`);
        await copyStorageParameters(client, table, shadowTable(table));
        await client.query('SELECT protect_read_model($1::regclass)', [shadowTable(table)]);
      }
      await deleteCheckpoint(client, shadow.checkpoint);
    });
    const liveCheckpoint = await readCheckpoint(deps.pool, projection.name);
    progress.push({
      projection: projection.name,
      phase: 'building',
      done: 0,
      total: liveCheckpoint.eventsProcessed,
    });
  }
  const report = (index: number): void => {
    const entry = progress[index] as RebuildProgress;
    entry.total = Math.max(entry.total, entry.done);
    options.onProgress?.({ ...entry });
  };
  progress.forEach((_, index) => report(index));

  try {
    await buildShadows(deps, projections, shadows, {
      batchSize: options.buildBatchSize ?? options.batchSize,
      lockTimeoutMs: options.lockTimeoutMs,
      ...(options.projectionsModule ? { projectionsModule: options.projectionsModule } : {}),
      onBatch: (index, read) => {
        (progress[index] as RebuildProgress).done += read;
        report(index);
      },
    });
  } catch (error) {
    // The failed batch rolled back for the projection it failed in (the
    // others wrote theirs); each projection goes on alone from its own
    // checkpoint, where a data error is narrowed and parked event by event.
    if (!isDataError(error)) throw error;
    deps.logger.warn({ err: error }, 'data error in a shared rebuild batch; going on one by one');
  }
  await finishShadowBuilds(deps, projections, shadows, options.lockTimeoutMs);
  for (const [index, projection] of projections.entries()) {
    await runProjection(deps, projection, {
      target: shadows[index] as BatchTarget,
      batchSize: options.batchSize,
      lockTimeoutMs: options.lockTimeoutMs,
      onBatch: (outcome) => {
        (progress[index] as RebuildProgress).done += outcome.read;
        report(index);
      },
    });
  }

  for (const [index, projection] of projections.entries()) {
    const entry = progress[index] as RebuildProgress;
    const shadow = shadows[index] as BatchTarget;
    entry.phase = 'swapping';
    report(index);
    for (let attempt = 1; ; attempt += 1) {
      try {
        entry.done += await swap(deps, projection, shadow, options);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== lockNotAvailable || attempt >= 3) throw error;
        deps.logger.warn({ projection: projection.name, attempt }, 'rebuild swap waited too long');
      }
    }
    entry.phase = 'done';
    report(index);
    deps.logger.info({ projection: projection.name, events: entry.done }, 'projection rebuilt');
  }
  return progress.map((entry) => ({ ...entry }));
}

// What the pass wrote its own cheaper way is completed before anything is
// applied to the shadow batch by batch. Each completion has tables of its own
// and a transaction of its own, so they run side by side: one judging in
// Node while another derives in Postgres.
async function finishShadowBuilds(
  deps: ProjectionDeps,
  projections: readonly Projection[],
  shadows: readonly BatchTarget[],
  lockTimeoutMs: number,
): Promise<void> {
  const finishing = projections.map(async (projection, index) => {
    const build = projection.shadowBuild;
    if (!build) return;
    const shadow = shadows[index] as BatchTarget;
    await withTransaction(deps.pool, async (client) => {
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
      await lockCheckpoint(client, shadow.checkpoint);
      await build.finish(client, shadow.table);
    });
  });
  const finished = await Promise.allSettled(finishing);
  const failed = finished.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

async function swap(
  deps: ProjectionDeps,
  projection: Projection,
  shadow: BatchTarget,
  options: RebuildOptions,
): Promise<number> {
  return withTransaction(deps.pool, async (client) => {
    await client.query(`SELECT set_config('lock_timeout', $1, true)`, [
      `${options.swapLockTimeoutMs ?? 30000}ms`,
    ]);
    // Live workers wait here; one already past its read fails its
    // compare-and-set after the swap and writes nothing.
    await lockCheckpoint(client, projection.name);
    const caughtUp = await catchUp(deps, client, projection, shadow, options.batchSize);
    const final = await readCheckpoint(client, shadow.checkpoint);
    await setCheckpoint(client, projection.name, final.position, final.eventsProcessed);
    await deleteCheckpoint(client, shadow.checkpoint);
    for (const table of tablesOf(projection)) await swapTable(client, table);
    await bumpGeneration(client, projection.name);
    return caughtUp;
  });
}

async function swapTable(client: PoolClient, table: string): Promise<void> {
  const live = pg.escapeIdentifier(table);
  const retired = pg.escapeIdentifier(`${table}__retired`);
  await client.query(`ALTER TABLE ${live} RENAME TO ${retired}`);
  await client.query(`ALTER TABLE ${pg.escapeIdentifier(shadowTable(table))} RENAME TO ${live}`);
  const names = await indexNamesToKeep(client, `${table}__retired`, table);
  await client.query(`DROP TABLE ${retired}`);
  for (const [from, to] of names) {
    await client.query(
      `ALTER INDEX ${pg.escapeIdentifier(from)} RENAME TO ${pg.escapeIdentifier(to)}`,
    );
  }
}

// The new table's indexes were named after the shadow table (LIKE ...
// INCLUDING ALL); they take the names the retired table's indexes had, so
// migrations can keep naming them (a primary key's constraint follows its
// index). Indexes are matched by definition without name and table.
async function indexNamesToKeep(
  client: PoolClient,
  retired: string,
  next: string,
): Promise<Array<[string, string]>> {
  const result = await client.query<{ table_name: string; name: string; shape: string }>(
    `SELECT t.relname AS table_name, c.relname AS name,
            regexp_replace(pg_get_indexdef(i.indexrelid),
                           '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', 'CREATE \\1INDEX ON ') AS shape
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
      WHERE i.indrelid IN ($1::regclass, $2::regclass)
      ORDER BY c.relname`,
    [retired, next],
  );
  const oldNames = new Map<string, string[]>();
  for (const row of result.rows) {
    if (row.table_name !== retired) continue;
    oldNames.set(row.shape, [...(oldNames.get(row.shape) ?? []), row.name]);
  }
  const renames: Array<[string, string]> = [];
  for (const row of result.rows) {
    if (row.table_name !== next) continue;
    const name = oldNames.get(row.shape)?.shift();
    if (name !== undefined && name !== row.name) renames.push([row.name, name]);
  }
  return renames;
}

async function catchUp(
  deps: ProjectionDeps,
  client: PoolClient,
  projection: Projection,
  shadow: BatchTarget,
  batchSize: number,
): Promise<number> {
  let applied = 0;
  for (;;) {
    const checkpoint = await readCheckpoint(client, shadow.checkpoint);
    const events = await deps.eventStore.readAll({
      from: checkpoint.position,
      maxCount: batchSize,
    });
    if (events.length === 0) return applied;
    const decoded = decodeFor(projection, events);
    const result = await applyBatch(client, projection, shadow, checkpoint.position, decoded);
    if (!result.moved) throw new ConflictError(`${shadow.checkpoint} moved during the swap`);
    applied += events.length;
  }
}
