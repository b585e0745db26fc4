'use client';

import {
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { TokenDay } from '#lib/analyticsSchemas';
import { formatCount, formatLongDate, formatShortDate } from '#lib/format';
import { TREND_CHART_SIZE } from './chartSizes';

export interface TokenTrendChartProps {
  days: readonly TokenDay[];
  /** The previous period's counts, day by day, drawn faintly behind. */
  previous?: readonly number[] | undefined;
  /** Text alternative, e.g. "Token issuance, last 30 days: total 1,234, peak 97 on …". */
  summary: string;
}

const LINE_COLOR = '#2563eb';
const PREVIOUS_COLOR = '#94a3b8';

interface ChartDay extends TokenDay {
  previous_count?: number | undefined;
}

function TrendTooltip({ active, payload }: TooltipContentProps) {
  const day = payload?.[0]?.payload as ChartDay | undefined;
  if (!active || day === undefined) return null;
  return (
    <div className="chart-tooltip">
      <strong>{formatLongDate(day.date)}</strong>
      <span>
        {formatCount(day.count)} token{day.count === 1 ? '' : 's'}
      </span>
      {day.previous_count !== undefined && (
        <span className="muted">previous period {formatCount(day.previous_count)}</span>
      )}
    </div>
  );
}

export function TokenTrendChart({ days, previous, summary }: TokenTrendChartProps) {
  const data: ChartDay[] = days.map((day, index) => ({
    ...day,
    previous_count: previous?.[index],
  }));
  return (
    <div
      className="chart"
      role="figure"
      aria-label={summary}
      data-testid="token-trend-chart"
      data-points={days.length}
    >
      <LineChart
        responsive
        data={data}
        style={TREND_CHART_SIZE}
        margin={{ top: 12, right: 16, bottom: 4, left: 0 }}
      >
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis
          dataKey="date"
          tickFormatter={formatShortDate}
          tick={{ fontSize: 12, fill: '#6b7280' }}
          tickLine={false}
          axisLine={{ stroke: '#d1d5db' }}
          minTickGap={24}
        />
        <YAxis
          allowDecimals={false}
          tickFormatter={formatCount}
          tick={{ fontSize: 12, fill: '#6b7280' }}
          tickLine={false}
          axisLine={false}
          width={48}
        />
        <Tooltip content={TrendTooltip} cursor={{ stroke: '#94a3b8', strokeDasharray: '4 4' }} />
        {previous !== undefined && (
          <Line
            type="monotone"
            dataKey="previous_count"
            name="Previous period"
            stroke={PREVIOUS_COLOR}
            strokeOpacity={0.6}
            strokeWidth={1.5}
            strokeDasharray="4 4"
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
        )}
        <Line
          type="monotone"
          dataKey="count"
          name="Tokens issued"
          stroke={LINE_COLOR}
          strokeWidth={2}
          dot={days.length <= 31 ? { r: 2.5, fill: LINE_COLOR, strokeWidth: 0 } : false}
          activeDot={{ r: 5 }}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
