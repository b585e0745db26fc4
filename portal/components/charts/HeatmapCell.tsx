'use client';
// One heatmap rectangle, drawn as a recharts scatter shape and sized to its grid cell.
import { usePlotArea } from 'recharts';
import { DAYS_PER_WEEK, HOURS_PER_DAY, type GridCell } from '#lib/activityGrid';

const GAP = 2;

export interface HeatmapCellProps {
  cx?: number | undefined;
  cy?: number | undefined;
  payload?: GridCell;
  color: string;
}

export function HeatmapCell({ cx, cy, payload, color }: HeatmapCellProps) {
  const plot = usePlotArea();
  if (plot === undefined || cx === undefined || cy === undefined || payload === undefined) {
    return null;
  }
  const width = plot.width / HOURS_PER_DAY;
  const height = plot.height / DAYS_PER_WEEK;
  return (
    <rect
      x={cx - width / 2 + GAP / 2}
      y={cy - height / 2 + GAP / 2}
      width={Math.max(0, width - GAP)}
      height={Math.max(0, height - GAP)}
      rx={Math.min(4, width / 5)}
      fill={color}
      data-testid="heatmap-cell"
      data-dow={payload.dow}
      data-hour={payload.hour}
      data-count={payload.count}
    />
  );
}
