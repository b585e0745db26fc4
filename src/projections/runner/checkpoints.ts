import type { Pool, PoolClient } from '../../db/pool.js';
import { START, type GlobalPosition } from '../../eventstore/EventStore.js';

export interface CheckpointRow {
  projection: string;
  position: GlobalPosition;
  eventsProcessed: number;
  updatedAt: Date;
  lastError: string | null;
  lastErrorAt: Date | null;
}

interface Row {
  projection: string;
  commit_position: string;
  prepare_position: string;
  events_processed: string;
  updated_at: Date;
  last_error: string | null;
  last_error_at: Date | null;
}

const columns = `projection, commit_position::text, prepare_position::text,
  events_processed::text, updated_at, last_error, last_error_at`;

function toCheckpoint(row: Row): CheckpointRow {
  return {
    projection: row.projection,
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
    eventsProcessed: Number(row.events_processed),
    updatedAt: row.updated_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

/** The checkpoint of a projection, created at START the first time it is asked for. */
export async function readCheckpoint(
  pool: Pool | PoolClient,
  name: string,
): Promise<CheckpointRow> {
  await pool.query(
    `INSERT INTO projection_checkpoints (projection, commit_position, prepare_position)
     VALUES ($1, $2, $3) ON CONFLICT (projection) DO NOTHING`,
    [name, START.commit.toString(), START.prepare.toString()],
  );
  const result = await pool.query<Row>(
    `SELECT ${columns} FROM projection_checkpoints WHERE projection = $1`,
    [name],
  );
  return toCheckpoint(result.rows[0] as Row);
}

export async function readCheckpoints(
  pool: Pool,
  names: readonly string[],
): Promise<CheckpointRow[]> {
  return Promise.all(names.map((name) => readCheckpoint(pool, name)));
}

/** Compare-and-set: false when the checkpoint is no longer at `expected` (another worker won). */
export async function advanceCheckpoint(
  client: PoolClient,
  name: string,
  expected: GlobalPosition,
  next: GlobalPosition,
  eventCount: number,
): Promise<boolean> {
  const result = await client.query(
    `UPDATE projection_checkpoints
        SET commit_position = $4, prepare_position = $5,
            events_processed = events_processed + $6, updated_at = now(),
            last_error = NULL, last_error_at = NULL
      WHERE projection = $1 AND commit_position = $2 AND prepare_position = $3`,
    [
      name,
      expected.commit.toString(),
      expected.prepare.toString(),
      next.commit.toString(),
      next.prepare.toString(),
      eventCount,
    ],
  );
  return result.rowCount === 1;
}

/** Sets a checkpoint outright; only for a rebuild holding the projection's lock. */
export async function setCheckpoint(
  client: PoolClient,
  name: string,
  position: GlobalPosition,
  eventsProcessed: number,
): Promise<void> {
  await client.query(
    `INSERT INTO projection_checkpoints
       (projection, commit_position, prepare_position, events_processed)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (projection) DO UPDATE SET
       commit_position = excluded.commit_position, prepare_position = excluded.prepare_position,
       events_processed = excluded.events_processed, updated_at = now(),
       last_error = NULL, last_error_at = NULL`,
    [name, position.commit.toString(), position.prepare.toString(), eventsProcessed],
  );
}

export async function deleteCheckpoint(client: Pool | PoolClient, name: string): Promise<void> {
  await client.query('DELETE FROM projection_checkpoints WHERE projection = $1', [name]);
}

/**
 * Records why a batch read from `at` failed, unless the checkpoint has moved
 * on from there since (another worker, a rebuild's swap): a moved checkpoint
 * has already cleared the failure, and it must not come back.
 */
export async function recordProjectionError(
  pool: Pool,
  name: string,
  error: string,
  at: GlobalPosition,
): Promise<void> {
  await pool.query(
    `UPDATE projection_checkpoints SET last_error = $2, last_error_at = now()
      WHERE projection = $1 AND commit_position = $3 AND prepare_position = $4`,
    [name, error.slice(0, 2000), at.commit.toString(), at.prepare.toString()],
  );
}

/** The checkpoints of several projections in one statement, creating the missing ones at START. */
export async function readCheckpointsAtOnce(
  pool: Pool | PoolClient,
  names: readonly string[],
): Promise<CheckpointRow[]> {
  // Rows the CTE inserts are not visible to the outer query's snapshot, so the
  // union returns each checkpoint once, new or old.
  const result = await pool.query<Row>({
    // Every wake-up starts with it: parsed and planned once per connection.
    name: 'read-checkpoints-at-once',
    text: `WITH created AS (
       INSERT INTO projection_checkpoints (projection, commit_position, prepare_position)
       SELECT name, $2, $3 FROM unnest($1::text[]) AS name
       ON CONFLICT (projection) DO NOTHING
       RETURNING ${columns})
     SELECT * FROM created
     UNION ALL
     SELECT ${columns} FROM projection_checkpoints WHERE projection = ANY($1::text[])`,
    values: [names, START.commit.toString(), START.prepare.toString()],
  });
  return result.rows.map(toCheckpoint);
}
