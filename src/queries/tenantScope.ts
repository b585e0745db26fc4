import { withTransaction, type Pool, type PoolClient } from '../db/pool.js';

export const readerRole = 'analytics_reader';

// Bounds a runaway dashboard query; a read model answer never needs longer.
const statementTimeout = '5s';

/**
 * Runs read-model queries for one tenant in a read-only transaction, as the
 * analytics_reader role with app.tenant_id set: row-level security then hides
 * every other tenant's rows even from a statement that forgot its filter.
 */
export async function withTenantScope<T>(
  pool: Pool,
  tenantId: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  return withTransaction(
    pool,
    async (client) => {
      await client.query(`SET LOCAL ROLE ${readerRole}`);
      await client.query(
        `SELECT set_config('app.tenant_id', $1, true), set_config('statement_timeout', $2, true)`,
        [tenantId, statementTimeout],
      );
      return work(client);
    },
    { readOnly: true },
  );
}
