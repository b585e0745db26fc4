import type { PoolClient } from '../../db/pool.js';
import { localDayWindow } from '../../timeZones/zonedCalendar.js';
import { offsetSegments, unboundedSegmentArrays } from '../../timeZones/zoneOffsets.js';
import { addUtcDays } from '../utcCalendar.js';
import { heatmapDays } from './heatmapWindow.js';
import { heatmapJson, type AgentHours } from './heatmapJson.js';
import { heatmapPlan } from './heatmapCorrections.js';
import {
  hoursOverlapping,
  localHourOfWeek,
  quarterStart,
  quarterWithin,
  quartersOf,
} from './localQuarters.sql.js';

export interface ActivityBucket {
  agent_id: string;
  /** 0 = Sunday .. 6 = Saturday, in the tenant's reporting time zone. */
  dow: number;
  hour: number;
  count: number;
}

// The answer is the hourly rows of [start, end) summed by agent and local day
// of week and hour, in the tenant's reporting time zone. The stored heatmap
// holds that sum from the tenant's window start on (heatmapWindow.ts), and
// heatmapCorrections.ts says which hours to add or take off for the asked
// window: none in the common case, a few days at most otherwise.
//
// The tenant's window is read first, then the stored rows and corrections in
// one statement that also returns the window again: if a projection batch
// moved it in between, the answer is computed once more. The stored heatmap
// is one row per agent with its 168 counts; the corrections come back per
// agent as two arrays (hour of week, count). Array text costs far less to
// send and to write as JSON in Node than formatting the JSON in Postgres.
const windowSql = `
  SELECT window_start, time_zone FROM agent_activity_heatmap_windows
   WHERE tenant_id = $1 AND window_start IS NOT NULL`;

// '' for the hours: the counts of all 168 hours of the week, in order.
const storedSql = `
  SELECT agent_id::text, '', counts::text
    FROM agent_activity_heatmap
   WHERE tenant_id = $1 AND ($2::uuid IS NULL OR agent_id = $2::uuid)`;

// Per range, so each reads only its own hours through the (tenant, hour) key.
const correctionsSql = `
  SELECT c.agent_id::text, array_agg(c.how)::text, array_agg(c.count)::text
    FROM (SELECT q.agent_id, q.how, sum(q.count * r.sign)::bigint AS count
            FROM unnest($3::timestamptz[], $4::timestamptz[], $5::int[]) AS r(from_at, to_at, sign)
            CROSS JOIN LATERAL (
              SELECT h.agent_id, q.count, ${localHourOfWeek('h', 's')} AS how
                FROM agent_activity_hourly h
                ${quartersOf('h')}
                JOIN unnest($6::timestamptz[], $7::timestamptz[], $8::int[]) AS s(from_at, to_at, offset_minutes)
                  ON ${quarterStart('h')} >= s.from_at AND ${quarterStart('h')} < s.to_at
               WHERE h.tenant_id = $1 AND ${hoursOverlapping('h', 'r.from_at', 'r.to_at')}
                 AND q.count <> 0 AND ${quarterWithin('h', 'r.from_at', 'r.to_at')}
                 AND ($2::uuid IS NULL OR h.agent_id = $2::uuid)) AS q
           GROUP BY 1, 2) AS c
   GROUP BY c.agent_id`;

// The window as the statement saw it, in the row format of the others.
const windowAgainSql = `
  SELECT '', coalesce((extract(epoch FROM max(window_start)) * 1000)::bigint::text, ''),
         coalesce(max(time_zone), '')
    FROM agent_activity_heatmap_windows WHERE tenant_id = $1 AND window_start IS NOT NULL`;

// Array columns come back as Postgres text ({1,2,3}); heatmapJson reads them.
const asText = { getTypeParser: () => (value: string) => value };

export interface ActivityHeatmapQuery {
  tenantId: string;
  now: Date;
  timeZone: string;
  agentId?: string | undefined;
}

/**
 * Per-agent activity over the last 30 local days (today included) by local
 * day of week and hour, as the JSON (UTF-8) of an ActivityBucket[] sorted by
 * agent, day of week and hour.
 */
export async function getActivityHeatmapJson(
  client: PoolClient,
  query: ActivityHeatmapQuery,
): Promise<Buffer> {
  const { start, end } = localDayWindow(query.timeZone, query.now, heatmapDays);
  const asked = {
    start,
    end,
    tooFarBack: addUtcDays(start, -heatmapDays),
    timeZone: query.timeZone,
  };
  // Every quarter the corrections can reach lies within a window's width of
  // [start, end); the outer segments run on to cover any row at all.
  const segments = unboundedSegmentArrays(
    offsetSegments(query.timeZone, addUtcDays(asked.tooFarBack, -1), addUtcDays(end, 31)),
  );
  for (let attempt = 1; ; attempt += 1) {
    const { rows: windows } = await client.query<{ window_start: Date; time_zone: string }>(
      windowSql,
      [query.tenantId],
    );
    const window = windows[0];
    const stored = window && { start: window.window_start, timeZone: window.time_zone };
    const plan = heatmapPlan(stored, asked);
    const parts = [
      ...(plan.useStored ? [storedSql] : []),
      ...(plan.corrections.length > 0 ? [correctionsSql] : []),
      windowAgainSql,
    ];
    const { rows } = await client.query<AgentHours>({
      text: parts.map((part) => `(${part})`).join(' UNION ALL '),
      values: [
        query.tenantId,
        query.agentId ?? null,
        ...(plan.corrections.length > 0
          ? [
              plan.corrections.map((range) => range.from),
              plan.corrections.map((range) => range.to),
              plan.corrections.map((range) => range.sign),
              ...segments,
            ]
          : []),
      ],
      rowMode: 'array',
      types: asText,
    });
    const seen = rows.find(([agentId]) => agentId === '');
    const unchanged = sameWindow(seen, window);
    if (unchanged || attempt === 3) return heatmapJson(rows.filter(([agentId]) => agentId !== ''));
  }
}

// The window the statement saw (epoch milliseconds, zone) against the one planned with.
function sameWindow(
  seen: AgentHours | undefined,
  window: { window_start: Date; time_zone: string } | undefined,
): boolean {
  if (!seen) return false;
  const [, startText, zone] = seen;
  if (!window) return startText === '';
  return zone === window.time_zone && Number(startText) === window.window_start.getTime();
}
