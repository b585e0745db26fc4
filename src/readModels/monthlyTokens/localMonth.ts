// A local calendar month as the UTC month of the same name corrected at its
// two ends: pure, so the edges of every kind of zone are unit-tested.
import { localMonthOf } from '../../timeZones/zonedCalendar.js';

/** Quarter-hour rows in [from, to) count `sign` times on top of the UTC month's row. */
export interface EdgeRange {
  from: Date;
  to: Date;
  sign: 1 | -1;
}

export interface LocalUsageMonth {
  /** 'YYYY-MM-01': the local month's name, and the UTC month row it starts from. */
  month: string;
  corrections: EdgeRange[];
}

// Between the UTC boundary and the local one: hours the local month has and
// the UTC month lacks (+1), or the other way round (-1).
function edge(utcBoundary: Date, localBoundary: Date, startsMonth: boolean): EdgeRange[] {
  if (utcBoundary.getTime() === localBoundary.getTime()) return [];
  const localIsEarlier = localBoundary < utcBoundary;
  const [from, to] = localIsEarlier ? [localBoundary, utcBoundary] : [utcBoundary, localBoundary];
  const inLocalMonth = startsMonth === localIsEarlier;
  return [{ from, to, sign: inLocalMonth ? 1 : -1 }];
}

/** The local month `monthsBack` before the one containing `now`, in the zone. */
export function localUsageMonth(zone: string, now: Date, monthsBack = 0): LocalUsageMonth {
  const local = localMonthOf(zone, now, monthsBack);
  const [year, month] = local.month.split('-').map(Number) as [number, number];
  const utcStart = new Date(Date.UTC(year, month - 1, 1));
  const utcEnd = new Date(Date.UTC(year, month, 1));
  return {
    month: local.month,
    corrections: [...edge(utcStart, local.start, true), ...edge(utcEnd, local.end, false)],
  };
}

/** The corrections as the three arrays a SQL statement unnests. */
export function correctionArrays(month: LocalUsageMonth): [Date[], Date[], number[]] {
  return [
    month.corrections.map((range) => range.from),
    month.corrections.map((range) => range.to),
    month.corrections.map((range) => range.sign),
  ];
}
