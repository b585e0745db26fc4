// SQL over agent_activity_hourly rows split into their four quarter hours,
// each placed in local time by the offset segment (zoneOffsets.ts) it falls
// in: a local hour in a half- or quarter-hour zone spans two UTC hours, and a
// clock change moves the local hour of everything after it.

/** The quarters of hourly row `h` as (minute, count); put after FROM/JOIN of `h`. */
export function quartersOf(h: string): string {
  return `CROSS JOIN LATERAL (VALUES (0, ${h}.count - ${h}.count_15 - ${h}.count_30 - ${h}.count_45),
                                    (15, ${h}.count_15), (30, ${h}.count_30), (45, ${h}.count_45)) AS q(minute, count)`;
}

/** The instant a quarter of hourly row `h` begins. */
export function quarterStart(h: string): string {
  return `(${h}.hour + make_interval(mins => q.minute))`;
}

/** Local hour of the week (0 = Sunday 00:00) of a quarter of `h`, in segment `s`'s offset. */
export function localHourOfWeek(h: string, s: string): string {
  // 1970-01-01 was a Thursday, 96 hours after a Sunday midnight.
  return `(((extract(epoch FROM ${quarterStart(h)})::bigint + ${s}.offset_minutes * 60) / 3600 + 96) % 168)::int`;
}

/** Hourly rows that can hold a quarter in [from, to): the hour before `from` may. */
export function hoursOverlapping(h: string, from: string, to: string): string {
  return `${h}.hour > ${from} - interval '1 hour' AND ${h}.hour < ${to}`;
}

/** The quarter of `h` lies in [from, to). */
export function quarterWithin(h: string, from: string, to: string): string {
  return `${quarterStart(h)} >= ${from} AND ${quarterStart(h)} < ${to}`;
}
