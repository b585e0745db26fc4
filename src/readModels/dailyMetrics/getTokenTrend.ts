import type { PoolClient } from '../../db/pool.js';
import { localDayWindow } from '../../timeZones/zonedCalendar.js';
import { offsetSegments, segmentArrays } from '../../timeZones/zoneOffsets.js';
import { utcDate, type DailyCount } from '../utcCalendar.js';
import { tokenIssuedMetric } from './projection.js';

// In UTC the days are analytics_events' own; in any other zone a local day is
// summed from the quarter-hour rows it spans, each shifted by the offset in
// force at that instant (so days of 23 or 25 hours come out right).
const utcSql = `
  SELECT to_char(date, 'YYYY-MM-DD') AS date, count FROM analytics_events
   WHERE tenant_id = $1 AND metric_type = $2 AND date >= $3::date AND date < $4::date`;

const zonedSql = `
  SELECT to_char((q.quarter + make_interval(mins => s.offset_minutes)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date,
         sum(q.count) AS count
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[]) AS s(from_at, to_at, offset_minutes)
    JOIN tenant_token_quarter_hours q
      ON q.tenant_id = $1 AND q.quarter >= s.from_at AND q.quarter < s.to_at
   GROUP BY 1`;

/** Daily agent token issuances for the `days` local days ending today in the zone, gaps as 0. */
export async function getTokenTrend(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date; timeZone: string },
): Promise<DailyCount[]> {
  const { start, end, days } = localDayWindow(query.timeZone, query.now, query.days);
  const { rows } =
    query.timeZone === 'UTC'
      ? await client.query<{ date: string; count: string }>(utcSql, [
          query.tenantId,
          tokenIssuedMetric,
          utcDate(start),
          utcDate(end),
        ])
      : await client.query<{ date: string; count: string }>(zonedSql, [
          query.tenantId,
          ...segmentArrays(offsetSegments(query.timeZone, start, end)),
        ]);
  const counts = new Map(rows.map((row) => [row.date, Number(row.count)]));
  return days.map(({ date }) => ({ date, count: counts.get(date) ?? 0 }));
}
