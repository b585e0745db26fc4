import type { PoolClient } from '../../db/pool.js';
import { localDayWindow } from '../../timeZones/zonedCalendar.js';
import { offsetSegments, unboundedSegmentArrays } from '../../timeZones/zoneOffsets.js';
import { addUtcDays } from '../utcCalendar.js';
import { heatmapDays } from './heatmapWindow.js';
import { agentCounts, heatmapJson, type AgentHours, type AgentPart } from './heatmapJson.js';
import { keepAgentPart, knownAgentPart } from './agentFragments.js';
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
// holds that sum from the tenant's window start on (heatmapWindow.ts), one row
// per agent with its 168 counts, and heatmapCorrections.ts says which hours to
// add or take off for the asked window: none in the common case, a few days
// at most otherwise.
//
// The tenant's window is read first, then, in one statement, the version of
// each stored row, the planned corrections (per agent as two arrays: hour of
// week, count) and the window again: if a projection batch moved it in
// between, the answer is computed once more. An agent whose row version has
// been seen before gets its part of the answer from memory (agentFragments.ts);
// only the others' counts are read, and only if their rows have not moved
// since the first statement.
const windowSql = `
  SELECT window_start, time_zone FROM agent_activity_heatmap_windows
   WHERE tenant_id = $1 AND window_start IS NOT NULL`;

// Marks the rows of stored versions in the hours column: the window's row
// has no agent id, the corrections' rows have array text there.
const versionRow = '#';

const storedVersionsSql = `
  SELECT agent_id::text, '${versionRow}', xmin::text
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

// The counts of rows not seen before, with their versions.
const storedCountsSql = `
  SELECT agent_id::text, xmin::text, counts::text
    FROM agent_activity_heatmap
   WHERE tenant_id = $1 AND agent_id = ANY($2::uuid[])`;

// Array columns come back as Postgres text ({1,2,3}); heatmapJson reads them.
const asText = { getTypeParser: () => (value: string) => value };

export interface ActivityHeatmapQuery {
  tenantId: string;
  now: Date;
  timeZone: string;
  agentId?: string | undefined;
}

const lastAttempt = 3;

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
      ...(plan.useStored ? [storedVersionsSql] : []),
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
    const settled = attempt === lastAttempt;
    if (
      !sameWindow(
        rows.find(([agentId]) => agentId === ''),
        window,
      ) &&
      !settled
    )
      continue;
    const versions = rows.filter(([, kind]) => kind === versionRow);
    const corrections = rows.filter(([agentId, kind]) => kind !== versionRow && agentId !== '');
    const storedParts = await storedAgentParts(client, query.tenantId, versions, settled);
    if (storedParts) return heatmapJson(storedParts, corrections);
  }
}

/**
 * Each stored agent's part, from memory when its row version was seen before;
 * undefined when a row read for its counts has moved since its version was
 * read, unless `settled`, when the newer row is taken.
 */
async function storedAgentParts(
  client: PoolClient,
  tenantId: string,
  versions: readonly AgentHours[],
  settled: boolean,
): Promise<Map<string, AgentPart> | undefined> {
  const found = new Map<string, AgentPart>();
  const unknown = new Map<string, string>();
  for (const [agentId, , version] of versions) {
    const part = knownAgentPart(tenantId, agentId, version);
    if (part) found.set(agentId, part);
    else unknown.set(agentId, version);
  }
  if (unknown.size === 0) return found;
  const { rows } = await client.query<AgentHours>({
    text: storedCountsSql,
    values: [tenantId, [...unknown.keys()]],
    rowMode: 'array',
    types: asText,
  });
  if (!settled && rows.length !== unknown.size) return undefined;
  for (const [agentId, version, countsText] of rows) {
    if (!settled && unknown.get(agentId) !== version) return undefined;
    const counts = agentCounts([[agentId, '', countsText]]).get(agentId) as Float64Array;
    found.set(agentId, keepAgentPart(tenantId, agentId, version, counts));
  }
  return found;
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
