import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { liveTarget } from '../../src/projections/runner/applyBatch.js';
import { runProjection } from '../../src/projections/runner/runProjection.js';
import { rebuildProjection } from '../../src/projections/rebuild/rebuildProjection.js';
import type { Finding } from '../../src/readModels/agentAnomalies/anomalyModel.js';
import { hoursBetween } from '../../src/readModels/agentAnomalies/hoursToJudge.js';
import {
  agentHoursToJudge,
  judgeAgentHours,
  LoadedHours,
  type StoredHour,
} from '../../src/readModels/agentAnomalies/judgeAgentHours.js';
import { agentAnomaliesProjection } from '../../src/readModels/agentAnomalies/projection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import {
  appendClosingToken,
  appendHistory,
  hourAt,
  type AgentHistory,
} from './support/anomalyHistory.js';
import { expectedQueries } from './support/expectedTables.js';
import { capturingLogger, testStore } from './support/projectionHarness.js';

// The anomaly read model kept live in small batches that meet events of hours
// they already closed, rebuilt in large ones, and recomputed from the raw log
// with the model's pure functions: all three agree, and find what was planted.

interface Row {
  tenant_id: string;
  agent_id: string;
  hour: Date;
  issued: number;
  rejected: number;
  findings: Finding[];
}

const busyHours = [10, 11, 12];

describe('agent anomalies projection', () => {
  let db: TestDatabase;
  const acme = randomUUID();
  const globex = randomUUID();
  const busy = randomUUID();
  const quiet = randomUUID();
  const steady = randomUUID();
  const lateStarter = randomUUID();
  const moderate = randomUUID();

  const table = async (): Promise<string[]> => {
    const { rows } = await db.pool.query<Row>(
      'SELECT tenant_id, agent_id, hour, issued, rejected, findings FROM agent_anomalies_hourly',
    );
    return rows.map((row) => JSON.stringify(row)).sort();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = testStore(db);
    const histories: AgentHistory[] = [
      {
        tenantId: acme,
        agentId: busy,
        weeks: 5,
        workHours: busyHours,
        perHour: 20,
        overrides: new Map([
          [hourAt(4, 1, 10), { issued: 80, rejected: 0 }],
          [hourAt(4, 2, 11), { issued: 0, rejected: 0 }],
          [hourAt(4, 5, 3), { issued: 15, rejected: 0 }],
        ]),
      },
      {
        tenantId: acme,
        agentId: quiet,
        weeks: 5,
        workHours: [10],
        perHour: 2,
        overrides: new Map([[hourAt(4, 3, 10), { issued: 2, rejected: 12 }]]),
      },
      { tenantId: globex, agentId: steady, weeks: 5, workHours: busyHours, perHour: 20 },
      // Five tokens an hour, silent for six hours: the silence adds up to drops.
      {
        tenantId: globex,
        agentId: moderate,
        weeks: 5,
        workHours: [10, 11, 12, 13, 14, 15],
        perHour: 5,
        overrides: new Map(
          [10, 11, 12, 13, 14, 15].map((hour) => [hourAt(4, 3, hour), { issued: 0, rejected: 0 }]),
        ),
      },
    ];
    for (const history of histories) await appendHistory(store, history);
    // Its first week arrives last: only then has its week-3 new hour three baseline weeks.
    const late: AgentHistory = {
      tenantId: globex,
      agentId: lateStarter,
      weeks: 5,
      fromWeek: 1,
      workHours: [14],
      perHour: 20,
      overrides: new Map([[hourAt(3, 1, 3), { issued: 15, rejected: 0 }]]),
    };
    await appendHistory(store, late);
    await appendHistory(store, { ...late, weeks: 1, fromWeek: 0 });
    await appendClosingToken(store, acme, quiet, hourAt(5, 0, 9) + 60_000);
    await appendClosingToken(store, globex, steady, hourAt(5, 0, 9) + 60_000);
    await store.close();
  }, 60_000);
  afterAll(async () => {
    await db.drop();
  });

  it('finds the planted anomalies, live in small batches, and a rebuild leaves the same table', async () => {
    const store = testStore(db);
    const deps = { pool: db.pool, eventStore: store, logger: capturingLogger().logger };
    await runProjection(deps, agentAnomaliesProjection, {
      target: liveTarget(agentAnomaliesProjection),
      batchSize: 37,
      lockTimeoutMs: 5000,
    });
    const live = await table();

    const { rows } = await db.pool.query<Row>(
      `SELECT tenant_id, agent_id, hour, issued, rejected, findings FROM agent_anomalies_hourly
        WHERE findings <> '[]' ORDER BY hour`,
    );
    expect(
      rows.map((row) => [row.tenant_id, row.agent_id, row.hour.getTime(), row.findings[0]?.kind]),
    ).toEqual([
      [globex, lateStarter, hourAt(3, 1, 3), 'new_hour'],
      [acme, busy, hourAt(4, 1, 10), 'spike'],
      [acme, busy, hourAt(4, 2, 11), 'drop'],
      [acme, quiet, hourAt(4, 3, 10), 'failure_spike'],
      // From the third silent hour on: 15 tokens expected, none had.
      [globex, moderate, hourAt(4, 3, 12), 'drop'],
      [globex, moderate, hourAt(4, 3, 13), 'drop'],
      [globex, moderate, hourAt(4, 3, 14), 'drop'],
      [globex, moderate, hourAt(4, 3, 15), 'drop'],
      [acme, busy, hourAt(4, 5, 3), 'new_hour'],
    ]);
    expect(rows.map((row) => row.findings.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(rows[1]?.findings[0]).toMatchObject({ observed: 80, score: 13.42 });
    // The drop's row holds no counts: the hour had no events.
    expect(rows[2]).toMatchObject({ issued: 0, rejected: 0 });

    await rebuildProjection(deps, agentAnomaliesProjection, {
      batchSize: 5000,
      lockTimeoutMs: 5000,
    });
    expect(await table()).toEqual(live);
    await store.close();
  }, 60_000);

  it('equals the raw log: its counts, and the model judging every closed hour', async () => {
    const { actual, expected } = expectedQueries.agent_anomalies_hourly as {
      actual: string;
      expected: string;
    };
    const diff = await db.pool.query(
      `(${actual} EXCEPT ALL ${expected}) UNION ALL (${expected} EXCEPT ALL ${actual})`,
    );
    expect(diff.rows).toEqual([]);

    const raw = await db.pool.query<Row>(expected);
    const stored = await db.pool.query<Row>(
      `SELECT tenant_id, agent_id, hour, findings FROM agent_anomalies_hourly WHERE findings <> '[]'`,
    );
    for (const tenantId of [acme, globex]) {
      const rows: StoredHour[] = raw.rows
        .filter((row) => row.tenant_id === tenantId)
        .map((row) => ({ ...row, agentId: row.agent_id, hour: row.hour.getTime(), findings: [] }));
      const first = new Map<string, number>();
      for (const row of rows) {
        first.set(row.agentId, Math.min(first.get(row.agentId) ?? Infinity, row.hour));
      }
      const loaded = new LoadedHours(rows);
      const hours = rows.map((row) => row.hour);
      // Closed: every hour before the tenant's latest one.
      const closed = hoursBetween(Math.min(...hours), Math.max(...hours));
      const recomputed = judgeAgentHours(
        agentHoursToJudge({ closed, revisited: [] }, loaded),
        loaded,
        first,
      ).filter((entry) => entry.findings.length > 0);
      const byKey = (a: [string, number, Finding[]], b: [string, number, Finding[]]) =>
        `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`);
      expect(
        recomputed
          .map((entry): [string, number, Finding[]] => [entry.agentId, entry.hour, entry.findings])
          .sort(byKey),
      ).toEqual(
        stored.rows
          .filter((row) => row.tenant_id === tenantId)
          .map((row): [string, number, Finding[]] => [
            row.agent_id,
            row.hour.getTime(),
            row.findings,
          ])
          .sort(byKey),
      );
    }
  });
});
