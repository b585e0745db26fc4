// Calendar windows in a reporting time zone: local days and months as UTC
// instants. Pure; for UTC they equal src/readModels/utcCalendar.ts.
import { TZDate } from '@date-fns/tz';
import { localFieldsDate, offsetMinutesOf } from './zoneOffsets.js';

const minuteMs = 60_000;

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

function dateText({ year, month, day }: LocalDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The local calendar date of an instant in the zone. */
export function localDateOf(zone: string, instant: Date): LocalDate {
  const fields = localFieldsDate(offsetMinutesOf(zone), instant.getTime());
  return {
    year: fields.getUTCFullYear(),
    month: fields.getUTCMonth() + 1,
    day: fields.getUTCDate(),
  };
}

/** 'YYYY-MM-DD' of the instant's local date in the zone. */
export function localDateText(zone: string, instant: Date): string {
  return dateText(localDateOf(zone, instant));
}

/**
 * The instant a local date begins in the zone: its midnight, or the first
 * instant of the day where a clock change skips midnight. Month and day may
 * overflow (day 0 is the last day of the month before), as with Date.UTC.
 */
export function startOfLocalDate(zone: string, year: number, month: number, day: number): Date {
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  if (zone === 'UTC') return new Date(midnightAsUtc);
  // Usually the offset around midnight gives the instant: it is the start of
  // the day when it reads 00:00 and the millisecond before it reads the day
  // before. Where a clock change skips or repeats midnight, the library's
  // rule decides.
  const offsetAt = offsetMinutesOf(zone);
  const guess = midnightAsUtc - offsetAt(midnightAsUtc) * minuteMs;
  const candidate = midnightAsUtc - offsetAt(guess) * minuteMs;
  if (
    localFieldsDate(offsetAt, candidate).getTime() === midnightAsUtc &&
    localFieldsDate(offsetAt, candidate - 1).getTime() < midnightAsUtc
  ) {
    return new Date(candidate);
  }
  return new Date(new TZDate(year, month - 1, day, zone).getTime());
}

export interface LocalDayWindow {
  /** Start of the first local day. */
  start: Date;
  /** Start of the local day after the last. */
  end: Date;
  /** 'YYYY-MM-DD' of each local day, and when each begins, in order. */
  days: { date: string; start: Date }[];
}

/** The `days` whole local days ending with (and including) the local day of `now`. */
export function localDayWindow(zone: string, now: Date, days: number): LocalDayWindow {
  const today = localDateOf(zone, now);
  const list = Array.from({ length: days }, (_, index) => {
    const offset = index - days + 1;
    const start = startOfLocalDate(zone, today.year, today.month, today.day + offset);
    return { date: localDateText(zone, start), start };
  });
  const end = startOfLocalDate(zone, today.year, today.month, today.day + 1);
  return { start: list[0]?.start ?? end, end, days: list };
}

export interface LocalMonth {
  /** 'YYYY-MM-01' */
  month: string;
  start: Date;
  end: Date;
}

/** The local calendar month `monthsBack` months before the one containing `now`. */
export function localMonthOf(zone: string, now: Date, monthsBack = 0): LocalMonth {
  const today = localDateOf(zone, now);
  const start = startOfLocalDate(zone, today.year, today.month - monthsBack, 1);
  const end = startOfLocalDate(zone, today.year, today.month - monthsBack + 1, 1);
  return { month: `${localDateText(zone, start).slice(0, 7)}-01`, start, end };
}

/** The first and last local day (YYYY-MM-DD) of the `days` ending today in the zone. */
export function localDayRange(
  zone: string,
  now: Date,
  days: number,
): { first: string; last: string } {
  const today = localDateOf(zone, now);
  const first = new Date(Date.UTC(today.year, today.month - 1, today.day - days + 1));
  return { first: first.toISOString().slice(0, 10), last: dateText(today) };
}
