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
});
