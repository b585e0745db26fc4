import pg from 'pg';
import { databaseUrl } from './testServices.js';

// Drops every database this test run created (its template and clones).
const serverUrl = process.env.TEST_SERVER_URL;
const runId = process.env.TEST_RUN_ID;
if (serverUrl && runId) {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`test\\_${runId}\\_%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
