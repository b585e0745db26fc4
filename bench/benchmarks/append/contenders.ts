import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { createPool, type Pool } from '../../../src/db/pool.js';
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js';
import type { AppendBatch } from './tokenIssuedWorkload.js';
import { domainEventCodec } from '../../../src/events/registry.js';

// The three ways of appending the append benchmark compares. Each has a pool
// of its own, all of the same size, on the same database.

export type ContenderKey = 'ours' | 'emmett' | 'ceiling';

export interface AppendContender {
  key: ContenderKey;
  label: string;
  append(batch: AppendBatch): Promise<void>;
  close(): Promise<void>;
}

export interface ContenderOptions {
  databaseUrl: string;
  poolSize: number;
}

function benchPool(options: ContenderOptions, name: ContenderKey): Pool {
  return createPool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    applicationName: `bench-append-${name}`,
  });
}

/** This project's adapter, through the EventStore port: validation, the stream check, the insert. */
export async function oursContender(options: ContenderOptions): Promise<AppendContender> {
  const pool = benchPool(options, 'ours');
  const store = new PostgresEventStore({
    codec: domainEventCodec,
    pool,
    connectionString: options.databaseUrl,
  });
  return {
    key: 'ours',
    label: 'ours (PostgresEventStore)',
    async append({ streamName, events }) {
      await store.appendToStream(streamName, events, { expectedRevision: 'any' });
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

/** @event-driven-io/emmett-postgresql on the same server and database, its own tables (emt_*). */
export async function emmettContender(options: ContenderOptions): Promise<AppendContender> {
  const pool = benchPool(options, 'emmett');
  const store = getPostgreSQLEventStore(options.databaseUrl, {
    connectionOptions: { pool },
    schema: { autoMigration: 'None' },
  });
  await store.schema.migrate();
  return {
    key: 'emmett',
    label: 'Emmett (emmett-postgresql)',
    async append({ streamName, events }) {
      await store.appendToStream(
        streamName,
        events.map((event) => ({
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: event.metadata,
        })),
      );
    },
    async close() {
      await store.close();
      await pool.end().catch(() => {});
    },
  };
}

const ceilingColumns = 9;

/** The same insert with nothing else: no validation, no stream row, no revision check. */
export async function ceilingContender(options: ContenderOptions): Promise<AppendContender> {
  const pool = benchPool(options, 'ceiling');
  // Same columns, defaults, identity and indexes as the event store's table.
  await pool.query(
    'CREATE TABLE IF NOT EXISTS ceiling_events (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)',
  );
  const revisions = new Map<string, number>();
  const statements = new Map<number, string>();
  const insertFor = (rows: number): string => {
    let statement = statements.get(rows);
    if (!statement) {
      const tuples = Array.from({ length: rows }, (_, row) => {
        const first = row * ceilingColumns;
        return `(${Array.from({ length: ceilingColumns }, (_, column) => `$${first + column + 1}`).join(', ')})`;
      });
      statement = `INSERT INTO ceiling_events (event_id, stream_name, stream_revision, event_type,
        schema_version, tenant_id, data, metadata, occurred_at) VALUES ${tuples.join(', ')}`;
      statements.set(rows, statement);
    }
    return statement;
  };
  return {
    key: 'ceiling',
    label: 'ceiling (plain INSERT)',
    async append({ streamName, events }) {
      // Writers own their streams, so a local counter is the revision.
      const revision = revisions.get(streamName) ?? 0;
      revisions.set(streamName, revision + events.length);
      const values = events.flatMap((event, index) => [
        event.id ?? randomUUID(),
        streamName,
        revision + index,
        event.type,
        1,
        event.metadata.tenantId,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.metadata.occurredAt,
      ]);
      await pool.query(insertFor(events.length), values);
    },
    async close() {
      await pool.end();
    },
  };
}

export const contenderFactories: Record<
  ContenderKey,
  (options: ContenderOptions) => Promise<AppendContender>
> = {
  ours: oursContender,
  emmett: emmettContender,
  ceiling: ceilingContender,
};
