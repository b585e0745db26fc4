import type { Pool, PoolClient } from '../../db/pool.js';

// The write side of read_model_versions (0006_read_model_versions.sql): what
// lets the query side cache an answer until the rows behind it change.

const bumpTenantsSql = `
  INSERT INTO read_model_versions AS v (tenant_id, projection, version)
  SELECT tenant_id, $2, nextval('read_model_version_seq')
    FROM unnest($1::uuid[]) AS tenant_id
  ON CONFLICT (tenant_id, projection) DO UPDATE SET version = EXCLUDED.version`;

const bumpPairsSql = `
  INSERT INTO read_model_versions AS v (tenant_id, projection, version)
  SELECT tenant_id, projection, nextval('read_model_version_seq')
    FROM unnest($1::uuid[], $2::text[]) AS pair(tenant_id, projection)
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

/** bumpTenantVersions for several projections in one statement. */
export async function bumpTenantVersionsOf(
  client: PoolClient | Pool,
  written: ReadonlyMap<string, Iterable<string>>,
): Promise<void> {
  const pairs: [string, string][] = [];
  for (const [projection, tenantIds] of [...written].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const tenantId of [...new Set(tenantIds)].sort()) pairs.push([tenantId, projection]);
  }
  if (pairs.length === 0) return;
  await client.query({
    name: 'bump-read-model-versions-of',
    text: bumpPairsSql,
    values: [pairs.map(([tenantId]) => tenantId), pairs.map(([, projection]) => projection)],
  });
}

/** A new generation for every tenant of the projection at once: its table was replaced. */
export async function bumpGeneration(client: PoolClient, projection: string): Promise<void> {
  await client.query(bumpGenerationSql, [projection]);
}
