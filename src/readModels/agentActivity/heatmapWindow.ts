// The stored heatmap's rolling window, as pure functions of the hourly
// deltas a batch brings (unit-tested at day, week and clock-change edges).
//
// A tenant's stored heatmap counts its activity from its window start on:
// the first of the 30 local days, in the tenant's reporting time zone, ending
// with the local day of its newest activity. That is a function of the
// hourly rows and the zone alone, so a rebuild, a migration and the live
// projection all arrive at the same rows, and a window only moves forward
// (until the zone changes, when the tenant's heatmap is derived again).
import { localDayWindow } from '../../timeZones/zonedCalendar.js';
import { localFieldsDate, offsetMinutesOf } from '../../timeZones/zoneOffsets.js';
import { KeyedRows } from '../keyedRows.js';
import type { AgentActivityDelta } from './projection.js';

export const heatmapDays = 30;

const minuteMs = 60_000;
/** Minutes past the hour at which each of an hourly row's four counts begins. */
export const quarterMinutes = [0, 15, 30, 45] as const;

/** The first day of the heatmap's 30-day window ending with the local day of `instant`. */
export function heatmapWindowStart(zone: string, instant: Date): Date {
  return localDayWindow(zone, instant, heatmapDays).start;
}

/** Local day of week (0 = Sunday) and hour of an instant, given the zone's offsets. */
export function hourOfWeek(
  offsetAt: (instantMs: number) => number,
  instantMs: number,
): { dow: number; hour: number } {
  const local = localFieldsDate(offsetAt, instantMs);
  return { dow: local.getUTCDay(), hour: local.getUTCHours() };
}

/** Where a tenant's stored heatmap stands: its window start (none before any activity) and zone. */
export interface TenantWindow {
  start: Date | undefined;
  timeZone: string;
}

/** A tenant's window moving from `from` (none when it had no rows) to `to`. */
export interface WindowMove {
  tenantId: string;
  from: Date | undefined;
  to: Date;
}

/** The newest instant with activity among the batch's deltas, per tenant. */
function newestActivity(deltas: readonly AgentActivityDelta[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const delta of deltas) {
    const last = delta.quarters.findLastIndex((count) => count !== 0);
    const at = Date.parse(delta.hour) + (quarterMinutes[last] ?? 0) * minuteMs;
    if (at > (newest.get(delta.tenantId) ?? -Infinity)) newest.set(delta.tenantId, at);
  }
  return newest;
}

/**
 * The tenants whose window the batch moves: those without one yet, and those
 * whose newest activity now falls on a later window. `stored` holds the
 * batch's tenants' windows (UTC for a tenant without a row).
 */
export function windowMoves(
  stored: ReadonlyMap<string, TenantWindow>,
  deltas: readonly AgentActivityDelta[],
): WindowMove[] {
  const moves: WindowMove[] = [];
  for (const [tenantId, at] of newestActivity(deltas)) {
    const window = stored.get(tenantId);
    const from = window?.start;
    const to = heatmapWindowStart(window?.timeZone ?? 'UTC', new Date(at));
    if (from === undefined || to > from) moves.push({ tenantId, from, to });
  }
  return moves;
}

export interface HeatmapDelta {
  tenantId: string;
  agentId: string;
  dow: number;
  hour: number;
  count: number;
}

/**
 * The batch's deltas inside their tenant's window (`windows`, after the
 * batch's moves), summed by agent and local day of week and hour.
 */
export function heatmapDeltas(
  deltas: readonly AgentActivityDelta[],
  windows: ReadonlyMap<string, TenantWindow>,
): HeatmapDelta[] {
  const offsets = new Map<string, (instantMs: number) => number>();
  const sums = new KeyedRows<HeatmapDelta>();
  for (const delta of deltas) {
    const window = windows.get(delta.tenantId);
    if (window?.start === undefined) continue;
    const zone = window.timeZone;
    let offsetAt = offsets.get(zone);
    if (!offsetAt) offsets.set(zone, (offsetAt = offsetMinutesOf(zone)));
    const hourStart = Date.parse(delta.hour);
    for (const [index, count] of delta.quarters.entries()) {
      const at = hourStart + (quarterMinutes[index] ?? 0) * minuteMs;
      if (count === 0 || at < window.start.getTime()) continue;
      const { dow, hour } = hourOfWeek(offsetAt, at);
      sums.at([delta.tenantId, delta.agentId, dow, hour] as const, heatmapCell).count += count;
    }
  }
  return sums.rows;
}

function heatmapCell([tenantId, agentId, dow, hour]: readonly [
  string,
  string,
  number,
  number,
]): HeatmapDelta {
  return { tenantId, agentId, dow, hour, count: 0 };
}
