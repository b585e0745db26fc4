import type { Pool } from '../../../src/db/pool.js';

// Failure rows for the failure endpoints, written straight into the read
// model by SQL: per agent and day, two refusal reasons, and one row of the
// admin client per day. The endpoints read only this table (and agents).

const failuresSql = `
  INSERT INTO token_failures_daily (tenant_id, date, agent_id, reason, count, last_failure_at)
  SELECT $1::uuid, d::date, a.agent_id::uuid, r.reason, 1 + (a.n % 3),
         d + interval '12 hours'
    FROM unnest($2::text[]) WITH ORDINALITY AS a(agent_id, n)
   CROSS JOIN generate_series($3::date, $4::date, interval '1 day') AS d
   CROSS JOIN (VALUES ('invalid_client'), ('invalid_scope')) AS r(reason)
  UNION ALL
  SELECT $1::uuid, d::date, NULL, 'invalid_client', 1, d + interval '1 hour'
    FROM generate_series($3::date, $4::date, interval '1 day') AS d`;

export async function insertTokenFailures(
  pool: Pool,
  tenantId: string,
  agentIds: readonly string[],
  range: { days: number; lastDay: Date },
): Promise<void> {
  const firstDay = new Date(range.lastDay.getTime() - (range.days - 1) * 86_400_000);
  await pool.query(failuresSql, [
    tenantId,
    agentIds,
    firstDay.toISOString().slice(0, 10),
    range.lastDay.toISOString().slice(0, 10),
  ]);
}
