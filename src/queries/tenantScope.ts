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
      // set_config('role', ..., true) is SET LOCAL ROLE, with the same
      // membership check; one statement saves a round trip per request.
      await client.query({
        name: 'tenant-scope',
        text: `SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true),
                      set_config('statement_timeout', $3, true)`,
        values: [readerRole, tenantId, statementTimeout],
      });
      return work(client);
    },
    { readOnly: true },
  );
}
