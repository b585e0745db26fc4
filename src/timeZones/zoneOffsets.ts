// A zone's UTC offsets, from the runtime's time-zone data through
// @date-fns/tz. Read models store UTC instants; these turn them into local
// calendar fields, in JavaScript and (as offset segments) in SQL, so both
// sides agree with one source of zone rules.
import { tzOffset, tzScan } from '@date-fns/tz';

const minuteMs = 60_000;
const quarterMs = 15 * minuteMs;

/** A stretch of time [from, to) over which a zone's offset does not change. */
export interface OffsetSegment {
  from: Date;
  to: Date;
  offsetMinutes: number;
}

/**
 * The zone's offset in minutes at an instant (milliseconds), remembered per
 * quarter hour: offsets change only on quarter-hour boundaries, and a batch
 * of events mostly shares a few of them.
 */
export function offsetMinutesOf(zone: string): (instantMs: number) => number {
  let offsetAt = offsetsByZone.get(zone);
  if (!offsetAt) {
    offsetAt = rememberingOffsets(zone);
    offsetsByZone.set(zone, offsetAt);
  }
  return offsetAt;
}

// One per zone name (a few hundred exist), shared by every caller.
const offsetsByZone = new Map<string, (instantMs: number) => number>();

function rememberingOffsets(zone: string): (instantMs: number) => number {
  if (zone === 'UTC') return () => 0;
  const known = new Map<number, number>();
  return (instantMs) => {
    const quarter = Math.floor(instantMs / quarterMs);
    let offset = known.get(quarter);
    if (offset === undefined) {
      offset = tzOffset(zone, new Date(quarter * quarterMs));
      if (known.size > 10_000) known.clear();
      known.set(quarter, offset);
    }
    return offset;
  };
}

/** The instant shifted by the zone's offset: its UTC fields are the local calendar fields. */
export function localFieldsDate(offsetAt: (instantMs: number) => number, instantMs: number): Date {
  return new Date(instantMs + offsetAt(instantMs) * minuteMs);
}

/** The zone's offsets over [from, to), in order, covering it without gaps. */
export function offsetSegments(zone: string, from: Date, to: Date): OffsetSegment[] {
  if (zone === 'UTC' || from >= to) return [{ from, to, offsetMinutes: 0 }];
  const segments: OffsetSegment[] = [];
  let start = from;
  let offset = tzOffset(zone, from);
  for (const change of tzScan(zone, { start: from, end: to })) {
    if (change.date <= start || change.date >= to) continue;
    segments.push({ from: start, to: change.date, offsetMinutes: offset });
    start = change.date;
    offset = change.offset;
  }
  segments.push({ from: start, to, offsetMinutes: offset });
  return segments;
}

/** Segments as the three arrays a SQL statement unnests. */
export function segmentArrays(segments: readonly OffsetSegment[]): [Date[], Date[], number[]] {
  return [
    segments.map((segment) => segment.from),
    segments.map((segment) => segment.to),
    segments.map((segment) => segment.offsetMinutes),
  ];
}

/**
 * segmentArrays with the first segment reaching back and the last reaching
 * forward without end ('-infinity', 'infinity'), for statements whose rows
 * may lie outside the scanned stretch, where the nearest offset holds.
 */
export function unboundedSegmentArrays(
  segments: readonly OffsetSegment[],
): [(Date | string)[], (Date | string)[], number[]] {
  const [from, to, offsets] = segmentArrays(segments);
  return [
    from.map((at, index) => (index === 0 ? '-infinity' : at)),
    to.map((at, index) => (index === to.length - 1 ? 'infinity' : at)),
    offsets,
  ];
}
