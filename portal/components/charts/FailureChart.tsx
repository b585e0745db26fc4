'use client';
// Failed token requests per UTC day, stacked by reason.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { FailureChartData } from '#lib/failureChart';
import { formatCount, formatLongDate, formatShortDate } from '#lib/format';
import { FAILURE_CHART_SIZE } from './chartSizes';

const REASON_COLORS = ['#b42318', '#f79009', '#7a5af8', '#0e9384', '#667085', '#dd2590'];

export interface FailureChartProps {
  data: FailureChartData;
  summary: string;
}

function FailureTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Record<string, string | number> | undefined;
  if (!active || row === undefined) return null;
  return (
    <div className="chart-tooltip">
      <strong>{formatLongDate(String(row.date))}</strong>
      {payload
        ?.filter((entry) => Number(entry.value) > 0)
        .map((entry) => (
          <span key={String(entry.dataKey)}>
            {String(entry.dataKey)}: {formatCount(Number(entry.value))}
          </span>
        ))}
    </div>
  );
}

export function FailureChart({ data, summary }: FailureChartProps) {
  return (
    <div
      className="chart"
      role="figure"
      aria-label={summary}
      data-testid="failure-chart"
      data-reasons={data.reasons.join(' ')}
    >
      <BarChart
        responsive
        data={data.rows}
        style={FAILURE_CHART_SIZE}
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
        <Tooltip content={FailureTooltip} cursor={{ fill: 'rgb(148 163 184 / 15%)' }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {data.reasons.map((reason, index) => (
          <Bar
            key={reason}
            dataKey={reason}
            stackId="failures"
            fill={REASON_COLORS[index % REASON_COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </div>
  );
}
