'use client';

import { useMemo } from 'react';
import type { FailureCount } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { failureChartData, lastChartDate } from '#lib/failureChart';
import { formatCount } from '#lib/format';
import { FAILURE_CHART_SIZE } from './charts/chartSizes';
import { FailureChart } from './charts/lazyCharts';
import { DownloadLink } from './DownloadLink';
import { Panel } from './Panel';
import { EmptyState, SourceStates } from './PanelStates';
import { PanelTimeZone } from './timeZone/PanelTimeZone';
import { usePanelTimeZone } from './timeZone/TenantTimeZone';

export const FAILURE_DAYS = 30;

export function FailuresPanel({ resource }: { resource: Resource<FailureCount[]> }) {
  const zone = usePanelTimeZone('failures', resource);
  const { data, loading } = resource;
  const chart = useMemo(
    () =>
      data === undefined
        ? undefined
        : failureChartData(data, lastChartDate(new Date(), data), FAILURE_DAYS),
    [data],
  );
  const byReason = chart?.reasons
    .map((reason) => {
      const count = chart.rows.reduce((sum, row) => sum + Number(row[reason] ?? 0), 0);
      return `${reason} ${formatCount(count)}`;
    })
    .join(', ');
  const summary =
    chart === undefined
      ? ''
      : `Failed token requests, last ${FAILURE_DAYS} days: total ${formatCount(chart.total)}${byReason ? ` (${byReason})` : ''}`;

  return (
    <Panel
      title="Failed requests"
      subtitle={
        chart === undefined || chart.total === 0 ? (
          `Refused token requests per day by reason, last ${FAILURE_DAYS} days`
        ) : (
          <>
            <strong>{formatCount(chart.total)}</strong> refused token requests in the last{' '}
            {FAILURE_DAYS} days, by reason
          </>
        )
      }
      note={<PanelTimeZone zone={zone} />}
      actions={
        <DownloadLink
          href={`/portal-api/analytics/failures?days=${FAILURE_DAYS}&format=csv`}
          label="failed requests"
        />
      }
      busy={loading}
      className="panel-wide"
    >
      <SourceStates
        source={resource}
        loadingLabel="Loading failed requests…"
        size={FAILURE_CHART_SIZE}
      />
      {chart !== undefined &&
        (chart.total === 0 ? (
          <EmptyState
            title="No failed requests"
            hint={`No token request was refused in the last ${FAILURE_DAYS} days.`}
          />
        ) : (
          <>
            <FailureChart data={chart} summary={summary} />
            <p className="sr-only">{summary}</p>
          </>
        ))}
    </Panel>
  );
}
