'use client';
// Agent activity as a 7 x 24 heatmap: a recharts scatter chart whose points are rectangles.
import { Scatter, ScatterChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { DAY_NAMES, hourRangeLabel, type GridCell } from '#lib/activityGrid';
import { colorScale } from '#lib/colorScale';
import { formatCount } from '#lib/format';
import { HEATMAP_SIZE } from './chartSizes';
import { HeatmapCell } from './HeatmapCell';
import { HeatmapLegend } from './HeatmapLegend';

export interface ActivityHeatmapProps {
  cells: readonly GridCell[];
  /** Text alternative describing the busiest time. */
  summary: string;
  /** The zone the hours are in, named in the tooltip. */
  zone: string | undefined;
}

const HOUR_TICKS = [0, 3, 6, 9, 12, 15, 18, 21];
const DAY_TICKS = [0, 1, 2, 3, 4, 5, 6];
const AXIS_TICK = { fontSize: 12, fill: '#6b7280' };

function HeatmapTooltip({ active, payload, zone }: TooltipContentProps & { zone?: string }) {
  const cell = payload?.[0]?.payload as GridCell | undefined;
  if (!active || cell === undefined) return null;
  return (
    <div className="chart-tooltip" data-testid="heatmap-tooltip">
      <strong>
        {DAY_NAMES[cell.dow]} {hourRangeLabel(cell.hour)}
        {zone === undefined ? '' : ` ${zone}`}
      </strong>
      <span>
        {formatCount(cell.count)} event{cell.count === 1 ? '' : 's'}
      </span>
    </div>
  );
}

export function ActivityHeatmap({ cells, summary, zone }: ActivityHeatmapProps) {
  const max = cells.reduce((highest, cell) => Math.max(highest, cell.count), 0);
  const scale = colorScale(max);

  return (
    <div className="chart" role="figure" aria-label={summary} data-testid="activity-heatmap">
      <ScatterChart
        responsive
        style={HEATMAP_SIZE}
        margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
      >
        <XAxis
          type="number"
          dataKey="hour"
          name="Hour"
          domain={[-0.5, 23.5]}
          ticks={HOUR_TICKS}
          tickFormatter={(hour: number) => String(hour).padStart(2, '0')}
          tick={AXIS_TICK}
          tickLine={false}
          axisLine={false}
          interval={0}
        />
        <YAxis
          type="number"
          dataKey="dow"
          name="Day"
          domain={[-0.5, 6.5]}
          ticks={DAY_TICKS}
          reversed
          tickFormatter={(dow: number) => DAY_NAMES[dow]?.slice(0, 3) ?? ''}
          tick={AXIS_TICK}
          tickLine={false}
          axisLine={false}
          interval={0}
          width={40}
        />
        <Tooltip
          content={(props: TooltipContentProps) => (
            <HeatmapTooltip {...props} {...(zone === undefined ? {} : { zone })} />
          )}
          cursor={false}
          isAnimationActive={false}
        />
        <Scatter
          data={cells as GridCell[]}
          isAnimationActive={false}
          shape={(props: { cx?: number; cy?: number; payload?: GridCell }) => (
            <HeatmapCell {...props} color={scale.colorOf(props.payload?.count ?? 0)} />
          )}
        />
      </ScatterChart>
      <HeatmapLegend steps={scale.legend} />
    </div>
  );
}
