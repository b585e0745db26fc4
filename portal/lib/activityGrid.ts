// Turns the API's sparse activity buckets into the dense 7 x 24 grid the heatmap draws.
import type { ActivityBucket } from '#lib/analyticsSchemas';

export const DAYS_PER_WEEK = 7;
export const HOURS_PER_DAY = 24;
export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export const ALL_AGENTS = 'all';

export interface GridCell {
  dow: number;
  hour: number;
  count: number;
}

/** grid[dow][hour], summed over all agents or only `agentId`. */
export function toActivityGrid(
  buckets: readonly ActivityBucket[],
  agentId: string = ALL_AGENTS,
): number[][] {
  const grid = Array.from({ length: DAYS_PER_WEEK }, () =>
    new Array<number>(HOURS_PER_DAY).fill(0),
  );
  for (const bucket of buckets) {
    if (agentId !== ALL_AGENTS && bucket.agent_id !== agentId) continue;
    const row = grid[bucket.dow];
    if (row === undefined || bucket.hour < 0 || bucket.hour >= HOURS_PER_DAY) continue;
    row[bucket.hour] = (row[bucket.hour] ?? 0) + bucket.count;
  }
  return grid;
}

/** Every cell of the grid, Sunday 00:00 first. */
export function gridCells(grid: readonly (readonly number[])[]): GridCell[] {
  return grid.flatMap((row, dow) => row.map((count, hour) => ({ dow, hour, count })));
}

/** The busiest cell, or undefined when every cell is zero. Ties go to the earliest cell. */
export function busiestCell(cells: readonly GridCell[]): GridCell | undefined {
  let best: GridCell | undefined;
  for (const cell of cells) {
    if (cell.count > 0 && (best === undefined || cell.count > best.count)) best = cell;
  }
  return best;
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function hourRangeLabel(hour: number): string {
  return `${hourLabel(hour)}–${hourLabel((hour + 1) % HOURS_PER_DAY)}`;
}
