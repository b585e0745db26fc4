import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { databaseUrl, testServiceUrls } from './testServices.js';

// Run by globalSetup through tsx (jest's global setup cannot load ESM
// TypeScript): migrates one template database for the run and prints the
// settings test files need as JSON.
const { serverUrl, redisUrl } = testServiceUrls();
const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const template = `test_${runId}_template`;
const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
await admin.connect();
try {
  await admin.query(`CREATE DATABASE ${template}`);
} finally {
  await admin.end();
}
await migrate(databaseUrl(serverUrl, template));
process.stdout.write(
  JSON.stringify({
    TEST_SERVER_URL: serverUrl,
    TEST_REDIS_URL: redisUrl,
    TEST_RUN_ID: runId,
    TEST_TEMPLATE_DB: template,
  }),
);
