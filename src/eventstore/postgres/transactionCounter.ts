import type { Pool } from '../../db/pool.js';

/**
 * Stored transaction ids at or above the cluster's counter: the events came
 * from another cluster (a logical dump and restore), and every new event would
 * sort before them and stay invisible to readers past them.
 */
export class TransactionCounterBehindError extends Error {
  constructor(
    readonly newestStored: bigint,
    readonly nextTransactionId: bigint,
  ) {
    const epoch = (newestStored >> 32n) + 1n;
    super(
      `The event store holds transaction id ${newestStored}, but this Postgres cluster's next ` +
        `transaction id is ${nextTransactionId}: the events were restored from another cluster, ` +
        'and readers would skip every new event. Refusing to open the event store. Advance the ' +
        `cluster's transaction id epoch past the restored ids first: stop Postgres, run ` +
        `\`pg_resetwal -e ${epoch} <data directory>\`, and start it again ` +
        '(docs/operations.md, "Restoring the event store into another cluster").',
    );
    this.name = 'TransactionCounterBehindError';
  }
}

const undefinedTable = '42P01';

// The counter is read from a snapshot (xmax: the next id to be assigned), so
// the check itself consumes no transaction id.
export async function assertTransactionCounterAhead(pool: Pool): Promise<void> {
  let row: { newest: string | null; next: string } | undefined;
  try {
    const result = await pool.query<{ newest: string | null; next: string }>(
      `SELECT (SELECT transaction_id FROM events ORDER BY transaction_id DESC LIMIT 1)::text
                AS newest,
              pg_snapshot_xmax(pg_current_snapshot())::text AS next`,
    );
    row = result.rows[0];
  } catch (error) {
    // Not migrated yet: nothing stored, nothing to compare.
    if ((error as { code?: string }).code === undefinedTable) return;
    throw error;
  }
  if (!row?.newest) return;
  const newest = BigInt(row.newest);
  const next = BigInt(row.next);
  if (newest >= next) throw new TransactionCounterBehindError(newest, next);
}
