// Summary of a token-issuance series: the numbers behind the chart's text alternative.
import type { TokenDay } from '#lib/analyticsSchemas';
import { formatCount, formatLongDate } from '#lib/format';

export interface TrendSummary {
  total: number;
  /** The first day with the highest count; undefined when nothing was issued. */
  peak: TokenDay | undefined;
}

export function summarizeTrend(days: readonly TokenDay[]): TrendSummary {
  let total = 0;
  let peak: TokenDay | undefined;
  for (const day of days) {
    total += day.count;
    if (day.count > 0 && (peak === undefined || day.count > peak.count)) peak = day;
  }
  return { total, peak };
}

/** "Token issuance, last 30 days: total 1,234, peak 97 on Thu, Mar 5, 2026" */
export function describeTrend(days: readonly TokenDay[], rangeDays: number): string {
  const { total, peak } = summarizeTrend(days);
  const head = `Token issuance, last ${rangeDays} days`;
  if (peak === undefined) return `${head}: no tokens issued`;
  return `${head}: total ${formatCount(total)}, peak ${formatCount(peak.count)} on ${formatLongDate(peak.date)}`;
}
