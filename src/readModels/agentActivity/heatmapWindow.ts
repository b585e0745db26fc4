// The stored heatmap's rolling window, as pure functions of the hourly
// deltas a batch brings (unit-tested at day and week edges).
//
// A tenant's stored heatmap counts its hourly rows from its window start on:
// the first of the 30 UTC days ending with the day of its newest hourly row.
// That is a function of the hourly rows alone, so a rebuild, a migration and
// the live projection all arrive at the same rows, and a window only moves
// forward.
import { utcDayWindow } from '../utcCalendar.js';
import type { AgentActivityDelta } from './projection.js';

export const heatmapDays = 30;

const hourMs = 3_600_000;
const hoursPerWeek = 168;
// 1970-01-01 was a Thursday, 96 hours after a Sunday midnight.
const epochHourOfWeek = 96;

/** The first UTC day of the heatmap's 30-day window ending with the day of `instant`. */
export function heatmapWindowStart(instant: Date): Date {
  return utcDayWindow(instant, heatmapDays).start;
}

/** UTC day of week (0 = Sunday) and hour of the day of an instant. */
export function hourOfWeek(instant: Date): { dow: number; hour: number } {
  const how = (Math.floor(instant.getTime() / hourMs) + epochHourOfWeek) % hoursPerWeek;
  return { dow: Math.floor(how / 24), hour: how % 24 };
}

/** A tenant's window moving from `from` (none when it had no rows) to `to`. */
export interface WindowMove {
  tenantId: string;
  from: Date | undefined;
  to: Date;
}

/**
 * The tenants whose window the batch moves: those without one yet, and those
 * whose newest hour now falls on a later window. `stored` holds the current
 * starts of the batch's tenants.
 */
export function windowMoves(
  stored: ReadonlyMap<string, Date>,
  deltas: readonly AgentActivityDelta[],
): WindowMove[] {
  const newest = new Map<string, number>();
  for (const delta of deltas) {
    const at = Date.parse(delta.hour);
    if (at > (newest.get(delta.tenantId) ?? -Infinity)) newest.set(delta.tenantId, at);
  }
  const moves: WindowMove[] = [];
  for (const [tenantId, at] of newest) {
    const from = stored.get(tenantId);
    const to = heatmapWindowStart(new Date(at));
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
 * The batch's hourly deltas inside their tenant's window (`starts`, after the
 * batch's moves), summed by agent, day of week and hour.
 */
export function heatmapDeltas(
  deltas: readonly AgentActivityDelta[],
  starts: ReadonlyMap<string, Date>,
): HeatmapDelta[] {
  const sums = new Map<string, HeatmapDelta>();
  for (const delta of deltas) {
    const start = starts.get(delta.tenantId);
    const at = new Date(delta.hour);
    if (start === undefined || at < start) continue;
    const { dow, hour } = hourOfWeek(at);
    const id = `${delta.tenantId}|${delta.agentId}|${dow}|${hour}`;
    const existing = sums.get(id);
    if (existing) existing.count += delta.count;
    else
      sums.set(id, {
        tenantId: delta.tenantId,
        agentId: delta.agentId,
        dow,
        hour,
        count: delta.count,
      });
  }
  return [...sums.values()];
}
