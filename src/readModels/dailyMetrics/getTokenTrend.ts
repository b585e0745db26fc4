import type { PoolClient } from '../../db/pool.js';
import { dailyTokenCounts, type DailyCount } from './dailyTokenCounts.js';

/** Daily agent token issuances for the `days` local days ending today, gaps as 0. */
export async function getTokenTrend(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date; timeZone: string },
): Promise<DailyCount[]> {
  return dailyTokenCounts(client, query);
}
