import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withTransaction, type PoolClient } from '../../src/db/pool.js';
import { agentAnomaliesProjection } from '../../src/readModels/agentAnomalies/projection.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { tokenIssued } from './support/projectedEvents.js';

/** The client, with the statements sent through it counted. */
function counting(client: PoolClient): { client: PoolClient; sent: () => number } {
  let sent = 0;
  const wrapped = Object.create(client) as PoolClient;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  wrapped.query = ((...args: unknown[]) => {
    sent += 1;
    return query(...args);
  }) as PoolClient['query'];
  return { client: wrapped, sent: () => sent };
}

describe('agent anomalies statements per batch', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 1 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads and counts every tenant of a batch together, however many tenants it holds', async () => {
    const tenants = Array.from({ length: 5 }, () => randomUUID());
    const batch = (at: string) =>
      tenants.flatMap((tenantId) =>
        Array.from({ length: 3 }, () => tokenIssued(tenantId, randomUUID(), at)),
      );
    const { table } = agentAnomaliesProjection;
    const sent = await withTransaction(db.pool, async (connection) => {
      // The tenants' first events: no hour closes, so nothing is judged.
      await agentAnomaliesProjection.apply(connection, table, batch('2026-03-02T10:05:00.000Z'));
      const { client, sent } = counting(connection);
      await agentAnomaliesProjection.apply(client, table, batch('2026-03-02T10:20:00.000Z'));
      return sent();
    });
    // The tenants' clocks, their agents' first hours, the counts.
    expect(sent).toBe(3);
    const { rows } = await db.pool.query<{ tenants: number; issued: number }>(
      `SELECT count(DISTINCT tenant_id) AS tenants, sum(issued) AS issued FROM ${table}
        WHERE tenant_id = ANY($1::uuid[])`,
      [tenants],
    );
    expect(rows[0]).toEqual({ tenants: 5, issued: 30 });
  });

  it("in a rebuild's pass a page only adds its counts; the hours are judged once at the end", async () => {
    const tenantId = randomUUID();
    const agentId = randomUUID();
    const build = agentAnomaliesProjection.shadowBuild;
    const fold = agentAnomaliesProjection.deltas?.fold;
    if (!build || !fold) throw new Error('agentAnomalies fills a shadow its own way');
    const { table } = agentAnomaliesProjection;
    // Six weeks of the same busy hour, then a week with ten times as many.
    const weekMs = 7 * 24 * 3_600_000;
    const pages = Array.from({ length: 7 }, (_, week) =>
      Array.from({ length: week < 6 ? 5 : 50 }, (_, n) =>
        tokenIssued(
          tenantId,
          agentId,
          new Date(Date.parse('2026-01-05T10:00:00.000Z') + week * weekMs + n * 1000).toISOString(),
        ),
      ),
    );
    pages.push([tokenIssued(tenantId, agentId, '2026-02-16T12:00:00.000Z')]);
    const { rows, sentPerPage } = await withTransaction(db.pool, async (connection) => {
      const { client, sent } = counting(connection);
      const sentPerPage: number[] = [];
      for (const page of pages) {
        const before = sent();
        await build.write(client, table, fold(page));
        sentPerPage.push(sent() - before);
      }
      await build.finish(connection, table);
      const found = await connection.query<{ hour: Date; kind: string }>(
        `SELECT hour, findings->0->>'kind' AS kind FROM ${table}
          WHERE tenant_id = $1 AND findings <> '[]'::jsonb`,
        [tenantId],
      );
      await connection.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
      return { rows: found.rows, sentPerPage };
    });
    expect(sentPerPage).toEqual(pages.map(() => 1));
    expect(rows).toEqual([{ hour: new Date('2026-02-16T10:00:00.000Z'), kind: 'spike' }]);
  });
});
