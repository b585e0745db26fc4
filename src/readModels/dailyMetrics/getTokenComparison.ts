import type { PoolClient } from '../../db/pool.js';
import { getTokenTrend } from './getTokenTrend.js';

export interface TokenDayComparison {
  date: string;
  count: number;
  previous_date: string;
  previous_count: number;
}

/**
 * The token trend beside the period before it: day i of the `days` ending
 * today next to day i of the `days` before those, so totals and changes are
 * sums of the two columns.
 */
export async function getTokenComparison(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date; timeZone: string },
): Promise<TokenDayComparison[]> {
  const both = await getTokenTrend(client, { ...query, days: query.days * 2 });
  const previous = both.slice(0, query.days);
  return both.slice(query.days).map((day, index) => ({
    ...day,
    previous_date: previous[index]?.date ?? '',
    previous_count: previous[index]?.count ?? 0,
  }));
}
