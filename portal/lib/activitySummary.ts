// The heatmap's text alternative.
import { busiestCell, DAY_NAMES, gridCells, hourRangeLabel } from '#lib/activityGrid';
import { formatCount } from '#lib/format';

/**
 * "Agent activity, last 30 days, all agents: 1,234 events; busiest Tuesday 14:00–15:00 UTC (97)",
 * the hours named in `zone`, the zone the figures are in (no name while it is not known).
 */
export function describeActivity(
  grid: readonly (readonly number[])[],
  who: string,
  zone: string | undefined,
): string {
  const cells = gridCells(grid);
  const total = cells.reduce((sum, cell) => sum + cell.count, 0);
  const head = `Agent activity by day and hour, last 30 days, ${who}`;
  const busiest = busiestCell(cells);
  if (busiest === undefined) return `${head}: no activity`;
  return (
    `${head}: ${formatCount(total)} events; busiest ${DAY_NAMES[busiest.dow]} ` +
    `${hourRangeLabel(busiest.hour)}${zone === undefined ? '' : ` ${zone}`} (${formatCount(busiest.count)})`
  );
}
