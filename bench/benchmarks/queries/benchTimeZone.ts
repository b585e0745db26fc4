import type { Pool } from '../../../src/db/pool.js';
import { defaultTimeZone, reportingTimeZone } from '../../../src/timeZones/reportingTimeZone.js';

/**
 * The bench tenant's reporting time zone from BENCH_TIME_ZONE: an IANA name
 * the service accepts (e.g. Asia/Kathmandu), UTC when unset or empty.
 */
export function benchTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.BENCH_TIME_ZONE;
  if (given === undefined || given === '') return defaultTimeZone;
  const zone = reportingTimeZone(given);
  if (zone === undefined) {
    throw new Error(
      `BENCH_TIME_ZONE: "${given}" is not an IANA time zone name this runtime knows (e.g. Asia/Kathmandu, America/New_York)`,
    );
  }
  return zone;
}

/** The tenant's agent tokens whose local date in the zone is not their UTC date. */
export async function tokensOnAnotherLocalDay(
  pool: Pool,
  tenantId: string,
  timeZone: string,
): Promise<number> {
  const { rows } = await pool.query<{ tokens: number }>(
    `SELECT count(*)::int AS tokens FROM events
      WHERE tenant_id = $1 AND event_type = 'TokenIssued' AND data->>'agentId' IS NOT NULL
        AND (occurred_at AT TIME ZONE $2)::date <> (occurred_at AT TIME ZONE 'UTC')::date`,
    [tenantId, timeZone],
  );
  return rows[0]?.tokens ?? 0;
}
