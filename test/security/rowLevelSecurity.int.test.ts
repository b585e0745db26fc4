import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

// Every table holding tenant rows that queries read has row-level security
// forced on. The event store and the credentials table are not read by the
// query side (the audit endpoint reads events through the store port, filtered
// by tenant), so they are the only exceptions.
const notReadByQueries = new Set(['events', 'client_credentials', 'parked_events']);

describe('row-level security on the read tables', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('is enabled on every table with a tenant_id column', async () => {
    const { rows } = await db.pool.query<{ table: string; enabled: boolean; forced: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        ORDER BY 1`,
    );
    const readTables = rows.filter((row) => !notReadByQueries.has(row.table));
    expect(readTables.map((row) => row.table)).toEqual(
      expect.arrayContaining([
        'agent_activity_hourly',
        'agent_activity_heatmap',
        'agent_activity_heatmap_windows',
        'agent_anomalies_hourly',
        'agent_monthly_tokens',
        'agent_token_hours',
        'agents',
        'analytics_events',
        'token_failures_daily',
        'agent_scope_usage_daily',
        'agent_quota_usage',
        'webhook_alerts',
        'webhook_deliveries',
        'webhook_endpoints',
      ]),
    );
    for (const row of readTables) expect(row).toMatchObject({ table: row.table, enabled: true });
  });
});
