'use client';

import type { TokenDay } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { formatCount, formatShortDate } from '#lib/format';
import type { RangeDays } from '#lib/range';
import { describeTrend, summarizeTrend } from '#lib/tokenTrend';
import { TokenTrendChart } from './charts/lazyCharts';
import { TREND_CHART_SIZE } from './charts/chartSizes';
import { Panel } from './Panel';
import { EmptyState, ErrorState, Skeleton, StaleNotice } from './PanelStates';
import { RangeSelector } from './RangeSelector';
import { TrendTable } from './TrendTable';

export interface TokenTrendPanelProps {
  range: RangeDays;
  onRangeChange: (days: RangeDays) => void;
  resource: Resource<TokenDay[]>;
}

export function TokenTrendPanel({ range, onRangeChange, resource }: TokenTrendPanelProps) {
  const { data, error, loading, retry } = resource;
  const summary = data === undefined ? undefined : summarizeTrend(data);
  const description = data === undefined ? '' : describeTrend(data, range);

  return (
    <Panel
      title="Token issuance"
      subtitle={
        summary?.peak === undefined ? (
          `Tokens issued per day (UTC), last ${range} days`
        ) : (
          <>
            <strong>{formatCount(summary.total)}</strong> tokens in the last {range} days · peak{' '}
            {formatCount(summary.peak.count)} on {formatShortDate(summary.peak.date)}
          </>
        )
      }
      actions={<RangeSelector value={range} onChange={onRangeChange} />}
      busy={loading}
    >
      {loading && <Skeleton label="Loading token issuance…" size={TREND_CHART_SIZE} />}
      {data === undefined && error !== undefined && <ErrorState message={error} onRetry={retry} />}
      {data !== undefined && error !== undefined && <StaleNotice message={error} onRetry={retry} />}
      {data !== undefined &&
        (summary?.peak === undefined ? (
          <EmptyState
            title="No tokens issued yet"
            hint={`No agent requested a token in the last ${range} days.`}
          />
        ) : (
          <>
            <TokenTrendChart days={data} summary={description} />
            <TrendTable days={data} caption={description} />
          </>
        ))}
    </Panel>
  );
}
