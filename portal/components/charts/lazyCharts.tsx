'use client';
// The only way the page reaches chart code: recharts and the chart components load in
// their own chunks, after the page is interactive, and never render on the server.
import dynamic from 'next/dynamic';
import { Skeleton } from '../PanelStates';
import { FAILURE_CHART_SIZE, HEATMAP_SIZE, TREND_CHART_SIZE } from './chartSizes';

export const TokenTrendChart = dynamic(
  () => import('./TokenTrendChart').then((module) => module.TokenTrendChart),
  { ssr: false, loading: () => <Skeleton label="Loading chart…" size={TREND_CHART_SIZE} /> },
);

export const ActivityHeatmap = dynamic(
  () => import('./ActivityHeatmap').then((module) => module.ActivityHeatmap),
  { ssr: false, loading: () => <Skeleton label="Loading heatmap…" size={HEATMAP_SIZE} /> },
);

export const FailureChart = dynamic(
  () => import('./FailureChart').then((module) => module.FailureChart),
  { ssr: false, loading: () => <Skeleton label="Loading chart…" size={FAILURE_CHART_SIZE} /> },
);
