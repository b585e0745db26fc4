import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';

/**
 * The live table's storage parameters (fillfactor, autovacuum settings) set
 * on its shadow: CREATE TABLE ... (LIKE ... INCLUDING ALL) copies columns,
 * constraints and indexes but not these, and the shadow replaces the live
 * table at the swap.
 */
export async function copyStorageParameters(
  client: PoolClient,
  live: string,
  shadow: string,
): Promise<void> {
  const { rows } = await client.query<{ options: string[] | null }>(
    'SELECT reloptions AS options FROM pg_class WHERE oid = $1::regclass',
    [live],
  );
  const options = rows[0]?.options ?? [];
  if (options.length === 0) return;
  // reloptions are name=value texts Postgres wrote itself; set them as they are.
  await client.query(`ALTER TABLE ${pg.escapeIdentifier(shadow)} SET (${options.join(', ')})`);
}
