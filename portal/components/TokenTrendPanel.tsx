'use client';

import type { TokenComparisonDay } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { formatCount, formatShortDate } from '#lib/format';
import type { RangeDays } from '#lib/range';
import { comparePeriods, describeTrend, formatChange, summarizeTrend } from '#lib/tokenTrend';
import { DownloadLink } from './DownloadLink';
import { TokenTrendChart } from './charts/lazyCharts';
import { TREND_CHART_SIZE } from './charts/chartSizes';
import { Panel } from './Panel';
import { EmptyState, SourceStates } from './PanelStates';
import { RangeSelector } from './RangeSelector';
import { PanelTimeZone } from './timeZone/PanelTimeZone';
import { usePanelTimeZone } from './timeZone/TenantTimeZone';
import { TrendTable } from './TrendTable';

export interface TokenTrendPanelProps {
  range: RangeDays;
  onRangeChange: (days: RangeDays) => void;
  resource: Resource<TokenComparisonDay[]>;
}

export function TokenTrendPanel({ range, onRangeChange, resource }: TokenTrendPanelProps) {
  const { data: comparison, loading } = resource;
  const data = comparison?.map(({ date, count }) => ({ date, count }));
  const summary = data === undefined ? undefined : summarizeTrend(data);
  const description = data === undefined ? '' : describeTrend(data, range);
  const periods = comparison === undefined ? undefined : comparePeriods(comparison);
  const zone = usePanelTimeZone('tokenTrend', resource);

  return (
    <Panel
      title="Token issuance"
      subtitle={
        summary?.peak === undefined ? (
          `Tokens issued per day, last ${range} days`
        ) : (
          <>
            <strong>{formatCount(summary.total)}</strong> tokens in the last {range} days · peak{' '}
            {formatCount(summary.peak.count)} on {formatShortDate(summary.peak.date)}
            {periods !== undefined && (
              <PreviousPeriod
                total={periods.previousTotal}
                change={formatChange(periods.changePercent)}
              />
            )}
          </>
        )
      }
      note={<PanelTimeZone zone={zone} />}
      actions={
        <>
          <RangeSelector value={range} onChange={onRangeChange} />
          <DownloadLink
            href={`/portal-api/analytics/tokens/comparison?days=${range}&format=csv`}
            label="token issuance and the previous period"
          />
        </>
      }
      busy={loading}
    >
      <SourceStates
        source={resource}
        loadingLabel="Loading token issuance…"
        size={TREND_CHART_SIZE}
      />
      {data !== undefined &&
        (summary?.peak === undefined ? (
          <EmptyState
            title="No tokens issued yet"
            hint={`No agent requested a token in the last ${range} days.`}
          />
        ) : (
          <>
            <TokenTrendChart
              days={data}
              previous={comparison?.map((day) => day.previous_count)}
              summary={description}
            />
            <TrendTable days={data} caption={description} zone={zone} />
          </>
        ))}
    </Panel>
  );
}

function PreviousPeriod({ total, change }: { total: number; change: string }) {
  return (
    <span className="previous-period" data-testid="previous-period" data-previous-total={total}>
      {' '}
      · previous period {formatCount(total)} <span className="change">({change})</span>
    </span>
  );
}
