// Migration 0022 changes the stored heatmap's shape: on upgrade, agentActivity
// must be projected again from the log, not left at its checkpoint over an
// empty table of the new shape.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrationsDir } from '../../src/db/migrate.js';
import { streamNames } from '../../src/events/streams.js';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { agentActivityProjection } from '../../src/readModels/agentActivity/projection.js';
import { compareWithRawEvents } from '../projections/support/expectedTables.js';
import { capturingLogger, testStore } from '../projections/support/projectionHarness.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const migration = path.join(migrationsDir, '0022_activity_heatmap_per_agent.sql');
const activityTables = [
  'agent_activity_hourly',
  'agent_activity_heatmap',
  'agent_activity_heatmap_windows',
];

describe('upgrading to the stored heatmap per agent (0022)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('projects agentActivity again from the log into the new shape', async () => {
    const store = testStore(db);
    const tenantId = randomUUID();
    const agentId = randomUUID();
    for (let hour = 0; hour < 30; hour += 1) {
      const at = new Date(Date.UTC(2026, 10, 1) + hour * 5 * 3_600_000);
      await store.appendToStream(streamNames.tokens(tenantId, agentId), [
        {
          type: 'TokenIssued',
          data: {
            tenantId,
            agentId,
            clientId: 'agt_upgradeupgradeupgrade',
            jti: randomUUID(),
            scopes: ['read'],
            expiresAt: new Date(at.getTime() + 3_600_000).toISOString(),
          },
          metadata: {
            tenantId,
            occurredAt: at.toISOString(),
            actor: { type: 'system', id: 'test' },
            correlationId: randomUUID(),
            causationId: null,
          },
        },
      ]);
    }
    const deps = { pool: db.pool, eventStore: store, logger: capturingLogger().logger };
    const project = () =>
      runProjection(deps, agentActivityProjection, {
        target: liveTarget(agentActivityProjection),
        batchSize: 50,
        lockTimeoutMs: 5000,
      });
    await project();

    // The database as the release before 0022 left it: the same hourly rows,
    // windows and checkpoint, the heatmap a row per agent and hour.
    const [up, down] = (await readFile(migration, 'utf8')).split('-- Down Migration');
    const { rows: hourly } = await db.pool.query('SELECT * FROM agent_activity_hourly');
    const { rows: windows } = await db.pool.query('SELECT * FROM agent_activity_heatmap_windows');
    const { rows: checkpoints } = await db.pool.query(
      'SELECT * FROM projection_checkpoints WHERE projection = $1',
      [agentActivityProjection.name],
    );
    expect(checkpoints).toHaveLength(1);
    await db.pool.query(down as string);
    for (const [table, rows] of [
      ['agent_activity_hourly', hourly],
      ['agent_activity_heatmap_windows', windows],
      ['projection_checkpoints', checkpoints],
    ] as const) {
      await db.pool.query(
        `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1)`,
        [JSON.stringify(rows)],
      );
    }
    await db.pool.query(
      `INSERT INTO agent_activity_heatmap (tenant_id, agent_id, dow, hour, count)
       VALUES ($1, $2, 0, 0, 5)`,
      [tenantId, agentId],
    );

    await db.pool.query(up as string);
    for (const table of activityTables) {
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, rows: rows[0]?.n }).toEqual({ table, rows: 0 });
    }
    await project();
    const comparisons = await compareWithRawEvents(db.pool);
    for (const table of activityTables) {
      expect(comparisons.find((c) => c.table === table)).toMatchObject({ table, differences: 0 });
    }
    const { rows: heatmap } = await db.pool.query<{ counts: string[] }>(
      'SELECT counts FROM agent_activity_heatmap WHERE tenant_id = $1',
      [tenantId],
    );
    expect(heatmap).toHaveLength(1);
    expect(heatmap[0]?.counts.reduce((sum, count) => sum + Number(count), 0)).toBeGreaterThan(0);
  });
});
