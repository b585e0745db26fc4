// Summary of a token-issuance series: the numbers behind the chart's text alternative.
import type { TokenComparisonDay, TokenDay } from '#lib/analyticsSchemas';
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

export interface PeriodComparison {
  total: number;
  previousTotal: number;
  /** Change from the previous period in percent; undefined when it had no tokens. */
  changePercent: number | undefined;
}

/** The current and the previous period's totals, and the change between them. */
export function comparePeriods(days: readonly TokenComparisonDay[]): PeriodComparison {
  let total = 0;
  let previousTotal = 0;
  for (const day of days) {
    total += day.count;
    previousTotal += day.previous_count;
  }
  return {
    total,
    previousTotal,
    changePercent:
      previousTotal === 0 ? undefined : ((total - previousTotal) / previousTotal) * 100,
  };
}

/** "+12%", "−5%", "no change", or "new" when the previous period had nothing to compare with. */
export function formatChange(percent: number | undefined): string {
  if (percent === undefined) return 'new';
  const rounded = Math.round(percent);
  if (rounded === 0) return 'no change';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en-US')}%`;
}
