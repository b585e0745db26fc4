import type { PoolClient } from '../../db/pool.js';
import type { GlobalPosition } from '../../eventstore/EventStore.js';
import type { ParkedEvent } from './parkedEvents.js';
import { versionPairs } from './readModelVersions.js';

/** One projection of a shared batch: where its checkpoint is to move, and what the move carries. */
export interface GroupMove {
  name: string;
  expected: GlobalPosition;
  next: GlobalPosition;
  eventCount: number;
  /** Tenants whose rows the projection's share writes (duplicates allowed). */
  tenants: readonly string[];
  parked: readonly ParkedEvent[];
}

// The group's part of a shared batch in one round trip, in this order:
// 1. the projections' advisory locks (the keys of lockCheckpoint), in one
//    order for every writer, each waiting at most lock_timeout: the CASE makes
//    the setting come before every lock, and the one-time filter on `locked`
//    makes every lock come before the checkpoints are read;
// 2. each checkpoint moved by its own compare-and-set (a row another
//    transaction changed meanwhile is checked again at its newest version);
// 3. for the projections whose checkpoint moved, and only those, their
//    read-model versions bumped and their poison events parked.
// The same outcome as lockCheckpoint, advanceCheckpoint, bumpTenantVersions
// and parkEvents one after the other. The versions move before the rows are
// written, inside the same transaction, so a reader sees both or neither.
const moveGroupSql = `
  WITH locked AS MATERIALIZED (
    SELECT count(CASE WHEN set_config('lock_timeout', $17, true) IS NOT NULL
                      THEN pg_advisory_xact_lock(hashtextextended(o.key, 0)) END) AS n
      FROM (SELECT key FROM unnest($18::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n) AS o
  ), moved AS (
    UPDATE projection_checkpoints AS c
       SET commit_position = m.next_commit, prepare_position = m.next_prepare,
           events_processed = c.events_processed + m.event_count, updated_at = now(),
           last_error = NULL, last_error_at = NULL
      FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],
                  $6::bigint[])
           AS m(projection, commit, prepare, next_commit, next_prepare, event_count)
     WHERE (SELECT n FROM locked) IS NOT NULL
       AND c.projection = m.projection
       AND c.commit_position = m.commit AND c.prepare_position = m.prepare
    RETURNING c.projection
  ), bumped AS (
    INSERT INTO read_model_versions AS v (tenant_id, projection, version)
    SELECT pair.tenant_id, pair.projection, nextval('read_model_version_seq')
      FROM unnest($7::uuid[], $8::text[]) WITH ORDINALITY AS pair(tenant_id, projection, n)
     WHERE pair.projection IN (SELECT projection FROM moved)
     ORDER BY pair.n
    ON CONFLICT (tenant_id, projection) DO UPDATE SET version = EXCLUDED.version
  ), parked AS (
    INSERT INTO parked_events
      (projection, event_id, event_type, stream_name, commit_position, prepare_position,
       error, attempts)
    SELECT p.* FROM unnest($9::text[], $10::uuid[], $11::text[], $12::text[], $13::bigint[],
                           $14::bigint[], $15::text[], $16::int[])
                 AS p(projection, event_id, event_type, stream_name, commit_position,
                      prepare_position, error, attempts)
     WHERE p.projection IN (SELECT projection FROM moved)
    ON CONFLICT (projection, event_id) DO NOTHING
  )
  SELECT projection FROM moved`;

/** Locks the group's projections and moves their checkpoints, versions and parked events; answers the names that moved. */
export async function moveGroup(
  client: PoolClient,
  moves: readonly GroupMove[],
  lockTimeoutMs: number,
): Promise<Set<string>> {
  if (moves.length === 0) return new Set();
  const pairs = versionPairs(new Map(moves.map((move) => [move.name, move.tenants])));
  const parked = moves.flatMap((move) => move.parked.map((p) => ({ projection: move.name, ...p })));
  const result = await client.query<{ projection: string }>({
    name: 'move-projection-group',
    text: moveGroupSql,
    values: [
      moves.map((m) => m.name),
      moves.map((m) => m.expected.commit.toString()),
      moves.map((m) => m.expected.prepare.toString()),
      moves.map((m) => m.next.commit.toString()),
      moves.map((m) => m.next.prepare.toString()),
      moves.map((m) => m.eventCount),
      pairs.map(([tenantId]) => tenantId),
      pairs.map(([, projection]) => projection),
      parked.map((p) => p.projection),
      parked.map((p) => p.event.id),
      parked.map((p) => p.event.type),
      parked.map((p) => p.event.streamName),
      parked.map((p) => p.event.position.commit.toString()),
      parked.map((p) => p.event.position.prepare.toString()),
      parked.map((p) => p.error.slice(0, 2000)),
      parked.map((p) => p.attempts),
      `${lockTimeoutMs}ms`,
      moves.map((m) => `projection:${m.name}`).sort(),
    ],
  });
  return new Set(result.rows.map((row) => row.projection));
}
