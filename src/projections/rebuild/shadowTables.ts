import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { shadowTable, tablesOf, type Projection } from '../Projection.js';
import { copyStorageParameters } from './copyStorageParameters.js';

/** What a shadow table is still missing once filled: its secondary indexes. */
export interface ShadowTableFinish {
  table: string;
  indexStatements: string[];
}

// A read table's new copy, made the cheap way for a bulk fill: unlogged (no
// WAL record per row) and with only the unique indexes its upserts need. The
// secondary indexes are built once over the filled table instead of being
// kept row by row. A crash while it fills empties it; a rebuild always starts
// over with a new table anyway.
export async function createShadowTables(
  client: PoolClient,
  projection: Projection,
): Promise<ShadowTableFinish[]> {
  const finishes: ShadowTableFinish[] = [];
  for (const table of tablesOf(projection)) {
    const shadow = shadowTable(table);
    const next = pg.escapeIdentifier(shadow);
    await client.query(`DROP TABLE IF EXISTS ${next}`);
    await client.query(
      `CREATE UNLOGGED TABLE ${next} (LIKE ${pg.escapeIdentifier(table)} INCLUDING ALL)`,
    );
    await copyStorageParameters(client, table, shadow);
    await client.query('SELECT protect_read_model($1::regclass)', [shadow]);
    finishes.push({ table: shadow, indexStatements: await deferSecondaryIndexes(client, shadow) });
  }
  return finishes;
}

/** The shadow tables made logged (written to WAL whole) and given their secondary indexes. */
export async function completeShadowTables(
  client: PoolClient,
  finishes: readonly ShadowTableFinish[],
): Promise<void> {
  for (const { table, indexStatements } of finishes) {
    await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} SET LOGGED`);
    for (const statement of indexStatements) await client.query(statement);
  }
}

// Drops the table's indexes that no constraint stands behind and returns the
// statements that build them again. The new index names do not matter: the
// swap gives every index the name its live counterpart has.
async function deferSecondaryIndexes(client: PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [table],
  );
  for (const { name } of rows) await client.query(`DROP INDEX ${pg.escapeIdentifier(name)}`);
  return rows.map(({ definition }) => definition);
}
