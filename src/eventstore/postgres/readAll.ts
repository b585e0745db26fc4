import pg from 'pg';
import type { Pool } from '../../db/pool.js';
import type {
  GlobalPosition,
  ReadAllOptions,
  RecordedEvent,
  EventCodec,
  StoredEventText,
} from '../EventStore.js';
import {
  positionParams,
  recordedEventColumns,
  storedEventTextColumns,
  toRecordedEvent,
  toStoredEventText,
  type RecordedEventRow,
  type RecordedEventTextRow,
} from './recordedEventRow.js';
import { toStoreError } from './storeErrors.js';

// The visibility guard: only rows whose writing transaction is older than the
// oldest transaction still running. A sequence value can commit out of order;
// without this guard a reader could pass position 11 before 10 commits and
// never see 10. Order is (transaction_id, position), the same order a resuming
// reader compares against.
const visible = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

function selectSql(
  direction: 'forwards' | 'backwards',
  guard: string,
  columns = recordedEventColumns,
): string {
  const forwards = direction === 'forwards';
  return `
  SELECT ${columns} FROM events
   WHERE ${guard}
     AND ${
       forwards
         ? '(transaction_id, position) > ($1::text::xid8, $2::bigint)'
         : '($1::text IS NULL OR (transaction_id, position) < ($1::text::xid8, $2::bigint))'
     }
     AND ($3::text[] IS NULL OR event_type = ANY($3))
     AND ($4::text[] IS NULL OR stream_name LIKE ANY($4))
     AND ($5::uuid IS NULL OR tenant_id = $5)
   ORDER BY ${forwards ? 'transaction_id, position' : 'transaction_id DESC, position DESC'}
   LIMIT $6`;
}

const guarded = {
  forwards: selectSql('forwards', visible),
  backwards: selectSql('backwards', visible),
};
// Only for the concurrency test that proves the guard is needed.
// readAllText returns no revision nor instant: they are not selected.
const textStatements = {
  forwards: selectSql('forwards', visible, storedEventTextColumns),
  backwards: selectSql('backwards', visible, storedEventTextColumns),
};
const unguarded = {
  forwards: selectSql('forwards', 'true'),
  backwards: selectSql('backwards', 'true'),
};

export interface ReadAllInternals {
  /** Drops the visibility guard. Unsafe: exists so a test can show what it prevents. */
  withoutVisibilityGuard?: boolean;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function readAll(
  pool: Pool,
  options: ReadAllOptions,
  codec: Pick<EventCodec, 'upcast'>,
  internals: ReadAllInternals = {},
): Promise<RecordedEvent[]> {
  const statements = internals.withoutVisibilityGuard ? unguarded : guarded;
  const rows = await selectAll<RecordedEventRow>(pool, options, statements);
  return rows.map((row) => toRecordedEvent(row, codec));
}

// JSON documents stay text: the row parser copies them out of the message
// and does nothing else.
const unparsed = new Set([pg.types.builtins.JSON, pg.types.builtins.JSONB]);
const textTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    unparsed.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** readAll with data and metadata left as JSON text (StoredEventText). */
export async function readAllText(pool: Pool, options: ReadAllOptions): Promise<StoredEventText[]> {
  const rows = await selectAll<RecordedEventTextRow>(pool, options, textStatements, textTypes);
  return rows.map(toStoredEventText);
}

async function selectAll<Row extends pg.QueryResultRow>(
  pool: Pool,
  options: ReadAllOptions,
  statements: { forwards: string; backwards: string },
  types?: pg.CustomTypesConfig,
): Promise<Row[]> {
  const backwards = options.direction === 'backwards';
  const filter = options.filter ?? {};
  const from: [string | null, string | null] = options.from
    ? positionParams(options.from)
    : backwards
      ? [null, null]
      : ['0', '-1'];
  try {
    const result = await pool.query<Row>({
      text: backwards ? statements.backwards : statements.forwards,
      values: [
        from[0],
        from[1],
        filter.eventTypes ? [...filter.eventTypes] : null,
        filter.streamNamePrefixes ? filter.streamNamePrefixes.map(likePrefix) : null,
        filter.tenantId ?? null,
        options.maxCount,
      ],
      ...(types ? { types } : {}),
    });
    return result.rows;
  } catch (error) {
    throw toStoreError(error);
  }
}

export async function headPosition(pool: Pool): Promise<GlobalPosition | undefined> {
  const result = await pool.query<{ commit_text: string; prepare_text: string }>(
    `SELECT transaction_id::text AS commit_text, position::text AS prepare_text FROM events
      ORDER BY transaction_id DESC, position DESC LIMIT 1`,
  );
  const row = result.rows[0];
  return row ? { commit: BigInt(row.commit_text), prepare: BigInt(row.prepare_text) } : undefined;
}
