import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';

// Every benchmark runs in a database of its own, created from the server URL,
// migrated with the service's migrations, and dropped at the end.

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const live = new Set<BenchDatabase>();

async function withAdmin<T>(
  serverUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: databaseUrl(serverUrl, 'postgres'),
    application_name: 'bench-admin',
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(
  serverUrl: string,
  benchmarkName: string,
): Promise<BenchDatabase> {
  const name = `bench_${benchmarkName.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) =>
    admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`),
  );
  const url = databaseUrl(serverUrl, name);
  let dropped = false;
  const database: BenchDatabase = {
    name,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      live.delete(database);
      await withAdmin(serverUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
  live.add(database);
  try {
    await migrate(url);
  } catch (error) {
    await database.drop().catch(() => {});
    throw error;
  }
  return database;
}

/** Drops every database still alive, for an interrupted run. */
export async function dropLiveDatabases(): Promise<void> {
  await Promise.allSettled([...live].map((database) => database.drop()));
}

export async function serverVersion(serverUrl: string): Promise<string> {
  return withAdmin(serverUrl, async (admin) => {
    const result = await admin.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
}
