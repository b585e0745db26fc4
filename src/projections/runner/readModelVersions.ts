import type { Pool, PoolClient } from '../../db/pool.js';

// The write side of read_model_versions (0006_read_model_versions.sql): what
// lets the query side cache an answer until the rows behind it change.

const bumpTenantsSql = `
  INSERT INTO read_model_versions AS v (tenant_id, projection, version)
  SELECT tenant_id, $2, nextval('read_model_version_seq')
    FROM unnest($1::uuid[]) AS tenant_id
  ON CONFLICT (tenant_id, projection) DO UPDATE SET version = EXCLUDED.version`;

const bumpGenerationSql = `
  INSERT INTO read_model_generations AS g (projection, generation)
  VALUES ($1, nextval('read_model_version_seq'))
  ON CONFLICT (projection) DO UPDATE SET generation = EXCLUDED.generation`;

/** New versions for the tenants a live batch wrote rows for; inside the batch's transaction. */
export async function bumpTenantVersions(
  client: PoolClient | Pool,
  projection: string,
  tenantIds: Iterable<string>,
): Promise<void> {
  const distinct = [...new Set(tenantIds)].sort();
  if (distinct.length === 0) return;
  await client.query({
    name: 'bump-read-model-versions',
    text: bumpTenantsSql,
    values: [distinct, projection],
  });
}

/**
 * The (tenant, projection) pairs whose versions a batch moves, each once, in
 * one order for every writer (by projection, then tenant), so concurrent
 * batches lock version rows in the same order. Pure.
 */
export function versionPairs(written: ReadonlyMap<string, Iterable<string>>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [projection, tenantIds] of [...written].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const tenantId of [...new Set(tenantIds)].sort()) pairs.push([tenantId, projection]);
  }
  return pairs;
}

/** A new generation for every tenant of the projection at once: its table was replaced. */
export async function bumpGeneration(client: PoolClient, projection: string): Promise<void> {
  await client.query(bumpGenerationSql, [projection]);
}
