import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fillReadModelsFromLog } from '../../bench/benchmarks/queries/readModelsFromLog.js';
import { insertTokenHistory } from '../../bench/lib/tokenHistory.js';
import { systemClock } from '../../src/clock.js';
import { changeTenantTimeZone } from '../../src/commands/tenants/changeTenantTimeZone.js';
import { createTenant } from '../../src/commands/tenants/createTenant.js';
import type { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { findProjection } from '../../src/readModels/allProjections.js';
import { capturingLogger, testStore } from '../projections/support/projectionHarness.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

// The query benchmark fills its read models by GROUP BY with Postgres's zone
// rules; they must be the rows the projections hold after the same log, in
// any reporting time zone, or its answer check compares the wrong thing.
// The history spans a UTC month start, New York's clock change (2026-11-01)
// and tokens spread over the hour (Kathmandu's hours straddle UTC hours).

const projections = ['tenantSettings', 'dailyMetrics', 'monthlyTokens', 'agentActivity', 'agents'];

const tables: Record<string, string> = {
  tenant_settings: 'SELECT tenant_id, time_zone FROM tenant_settings',
  analytics_events: 'SELECT tenant_id, date::text, metric_type, count FROM analytics_events',
  tenant_token_quarter_hours: 'SELECT tenant_id, quarter, count FROM tenant_token_quarter_hours',
  agent_activity_hourly:
    'SELECT tenant_id, agent_id, hour, count, count_15, count_30, count_45 FROM agent_activity_hourly',
  agent_activity_heatmap_windows:
    'SELECT tenant_id, window_start, time_zone FROM agent_activity_heatmap_windows',
  agent_activity_heatmap: 'SELECT tenant_id, agent_id, counts FROM agent_activity_heatmap',
  agent_monthly_tokens:
    'SELECT tenant_id, month::text, agent_id, token_count FROM agent_monthly_tokens',
  agent_token_month_edges:
    'SELECT tenant_id, quarter, agent_id, count FROM agent_token_month_edges',
  agents:
    'SELECT tenant_id, agent_id, client_id, name, description, scopes, status, registered_at FROM agents',
};

async function readTables(db: TestDatabase): Promise<Record<string, unknown[]>> {
  const contents: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(tables)) {
    const { rows } = await db.pool.query(`SELECT * FROM (${sql}) AS r ORDER BY r`);
    contents[table] = rows;
  }
  return contents;
}

describe.each(['UTC', 'Asia/Kathmandu', 'America/New_York'])(
  'bench read models filled from the log, in %s',
  (timeZone) => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let filled: Record<string, unknown[]>;
    beforeAll(async () => {
      db = await createTestDatabase();
      store = testStore(db);
      const deps = { pool: db.pool, eventStore: store, clock: systemClock };
      const origin = { actor: { type: 'cli', id: 'test' }, correlationId: 'fill' } as const;
      const tenant = await createTenant(deps, { name: 'Zoned', origin });
      if (timeZone !== 'UTC') {
        await changeTenantTimeZone(deps, { tenantId: tenant.tenantId, timeZone, origin });
      }
      await insertTokenHistory(db.pool, {
        tenantId: tenant.tenantId,
        agents: 12,
        days: 40,
        hoursPerDay: 4,
        tokensPerHour: 2,
        lastDay: new Date('2026-11-20T00:00:00Z'),
        spreadOverHour: true,
      });
      await fillReadModelsFromLog(db.pool, tenant.tenantId);
      filled = await readTables(db);
    }, 60_000);
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('holds every table the projections hold after the same log', async () => {
      await db.pool.query(`TRUNCATE ${Object.keys(tables).join(', ')}`);
      const deps = { pool: db.pool, eventStore: store, logger: capturingLogger().logger };
      for (const name of projections) {
        const projection = findProjection(name);
        await runProjection(deps, projection, {
          target: liveTarget(projection),
          batchSize: 500,
          lockTimeoutMs: 5000,
        });
      }
      const projected = await readTables(db);
      for (const table of Object.keys(tables)) {
        expect({ table, rows: filled[table] }).toEqual({ table, rows: projected[table] });
      }
      expect(filled['tenant_settings']).toHaveLength(timeZone === 'UTC' ? 0 : 1);
      expect(filled['agent_token_month_edges']?.length).toBeGreaterThan(0);
      const hourly = filled['agent_activity_hourly'] as Array<{ count_30: string }>;
      expect(hourly.some((row) => Number(row.count_30) > 0)).toBe(true);
    }, 60_000);
  },
);
