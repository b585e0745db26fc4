// The failure trend as rows for a stacked bar chart: one row per UTC day, one key per reason.
import type { FailureCount } from '#lib/analyticsSchemas';

export interface FailureChartData {
  /** Reasons, most failures first. */
  reasons: string[];
  /** `{ date, [reason]: count }` for each of the `days` days ending with `lastDate`. */
  rows: Array<Record<string, string | number>>;
  total: number;
}

const dayMs = 86_400_000;

/** The API omits days without failures; the chart shows every day, 0 where none. */
export function failureChartData(
  counts: readonly FailureCount[],
  lastDate: string,
  days: number,
): FailureChartData {
  const totals = new Map<string, number>();
  const byDay = new Map<string, Map<string, number>>();
  for (const { date, reason, count } of counts) {
    totals.set(reason, (totals.get(reason) ?? 0) + count);
    const day = byDay.get(date) ?? new Map<string, number>();
    day.set(reason, (day.get(reason) ?? 0) + count);
    byDay.set(date, day);
  }
  const reasons = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason]) => reason);
  const end = Date.parse(`${lastDate}T00:00:00Z`);
  const rows = Array.from({ length: days }, (_, index) => {
    const date = new Date(end - (days - 1 - index) * dayMs).toISOString().slice(0, 10);
    const day = byDay.get(date);
    return Object.fromEntries([
      ['date', date],
      ...reasons.map((reason) => [reason, day?.get(reason) ?? 0]),
    ]) as Record<string, string | number>;
  });
  const total = [...totals.values()].reduce((sum, count) => sum + count, 0);
  return { reasons, rows, total };
}

/** The UTC day of the instant, or the newest day in the data if that is later. */
export function lastChartDate(now: Date, counts: readonly FailureCount[]): string {
  const today = now.toISOString().slice(0, 10);
  return counts.reduce((latest, { date }) => (date > latest ? date : latest), today);
}
