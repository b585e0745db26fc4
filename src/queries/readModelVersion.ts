import type { PoolClient } from '../db/pool.js';

const sql = `
  SELECT string_agg(p.projection || ':' || coalesce(g.generation, 0) || '.' || coalesce(v.version, 0),
                    ',' ORDER BY p.projection) AS version
    FROM unnest($2::text[]) AS p(projection)
    LEFT JOIN read_model_generations g ON g.projection = p.projection
    LEFT JOIN read_model_versions v ON v.projection = p.projection AND v.tenant_id = $1`;

/**
 * One string naming the state of the tenant's rows in the given projections'
 * tables: equal strings, equal rows. Read it before the rows, in the same
 * transaction, so an answer is never older than the version it is keyed on.
 */
export async function readModelVersion(
  client: PoolClient,
  tenantId: string,
  projections: readonly string[],
): Promise<string> {
  const { rows } = await client.query<{ version: string }>({
    name: 'read-model-version',
    text: sql,
    values: [tenantId, projections],
  });
  return rows[0]?.version ?? '';
}
