// UTC calendar arithmetic for read-model windows; pure, so edges are unit-tested.
const dayMs = 86_400_000;

/** 'YYYY-MM-DD' of the UTC day containing the instant. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function startOfUtcDay(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / dayMs) * dayMs);
}

export function addUtcDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * dayMs);
}

export function startOfUtcMonth(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), 1));
}

/** The `days` whole UTC days ending with (and including) today: [start, end). */
export function utcDayWindow(now: Date, days: number): { start: Date; end: Date } {
  const end = addUtcDays(startOfUtcDay(now), 1);
  return { start: addUtcDays(end, -days), end };
}

export interface DailyCount {
  date: string;
  count: number;
}

/** One entry per day from start, ascending; days missing from `counts` are 0. */
export function fillDailyCounts(
  start: Date,
  days: number,
  counts: ReadonlyMap<string, number>,
): DailyCount[] {
  return Array.from({ length: days }, (_, offset) => {
    const date = utcDate(addUtcDays(start, offset));
    return { date, count: counts.get(date) ?? 0 };
  });
}

/** The first and last UTC day (YYYY-MM-DD) of the `days` ending today. */
export function utcDayRange(now: Date, days: number): { first: string; last: string } {
  const { start, end } = utcDayWindow(now, days);
  return { first: utcDate(start), last: utcDate(addUtcDays(end, -1)) };
}

/** The UTC hour, day or calendar month containing the instant: [start, end). */
export function utcPeriodWindow(
  period: 'hour' | 'day' | 'month',
  now: Date,
): { start: Date; end: Date } {
  if (period === 'month') {
    const start = startOfUtcMonth(now);
    return {
      start,
      end: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)),
    };
  }
  const size = period === 'hour' ? 3_600_000 : dayMs;
  const start = Math.floor(now.getTime() / size) * size;
  return { start: new Date(start), end: new Date(start + size) };
}
