import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withTransaction } from '../../src/db/pool.js';
import type { Projection } from '../../src/projections/Projection.js';
import { agentAnomaliesProjection } from '../../src/readModels/agentAnomalies/projection.js';
import { agentTokenHoursProjection } from '../../src/readModels/agentTokenHours/projection.js';
import { monthlyTokensProjection } from '../../src/readModels/monthlyTokens/projection.js';
import { quotaThresholdsProjection } from '../../src/readModels/quotaThresholds/projection.js';
import { scopeUsageProjection } from '../../src/readModels/scopeUsage/projection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { tokenIssued } from './support/projectedEvents.js';

// Under token traffic these projections update the same rows every batch. An
// update that changes no indexed column and finds room on its page is HOT:
// it writes no index entry and leaves none dead for the next batch's
// ON CONFLICT probe to walk past. A counted column put in an index (say as
// an INCLUDE column for an index-only scan) silently turns every one of
// these updates into a full one.
const counting: readonly Projection[] = [
  scopeUsageProjection,
  agentTokenHoursProjection,
  monthlyTokensProjection,
  agentAnomaliesProjection,
  quotaThresholdsProjection,
];

describe('counting projections update their rows in place (HOT)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 1 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each(counting.map((projection) => [projection.name, projection] as const))(
    '%s: a later batch for the same agents updates without touching its indexes',
    async (_name, projection) => {
      const tenantId = randomUUID();
      const agents = Array.from({ length: 20 }, () => randomUUID());
      const batch = (at: string) => agents.map((agentId) => tokenIssued(tenantId, agentId, at));
      await withTransaction(db.pool, (client) =>
        projection.apply(client, projection.table, batch('2026-03-02T10:00:00.000Z')),
      );
      const counts = await withTransaction(db.pool, async (client) => {
        await projection.apply(client, projection.table, batch('2026-03-02T10:20:00.000Z'));
        const { rows } = await client.query<{ updated: string; hot: string }>(
          `SELECT pg_stat_get_xact_tuples_updated($1::regclass) AS updated,
                  pg_stat_get_xact_tuples_hot_updated($1::regclass) AS hot`,
          [projection.table],
        );
        return rows[0];
      });
      expect(Number(counts?.updated)).toBeGreaterThanOrEqual(agents.length);
      expect(counts?.hot).toBe(counts?.updated);
    },
  );
});
