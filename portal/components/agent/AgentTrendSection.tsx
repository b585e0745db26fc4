'use client';

import type { TokenDay } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { formatCount } from '#lib/format';
import { describeTrend, summarizeTrend } from '#lib/tokenTrend';
import { TREND_CHART_SIZE } from '../charts/chartSizes';
import { TokenTrendChart } from '../charts/lazyCharts';
import { Panel } from '../Panel';
import { EmptyState, SourceStates } from '../PanelStates';
import { PanelTimeZone } from '../timeZone/PanelTimeZone';
import { usePanelTimeZone } from '../timeZone/TenantTimeZone';
import { TrendTable } from '../TrendTable';

export function AgentTrendSection({
  resource,
  days,
}: {
  resource: Resource<TokenDay[]>;
  days: number;
}) {
  const { data, loading } = resource;
  const summary = data === undefined ? undefined : summarizeTrend(data);
  const description = data === undefined ? '' : describeTrend(data, days);
  const zone = usePanelTimeZone('agentTrend', resource);
  return (
    <div data-testid="agent-section-trend" className="agent-section">
      <Panel
        title="Token issuance"
        subtitle={
          summary === undefined
            ? `Tokens issued per day, last ${days} days`
            : `${formatCount(summary.total)} tokens in the last ${days} days`
        }
        note={<PanelTimeZone zone={zone} />}
        busy={loading}
      >
        <SourceStates
          source={resource}
          loadingLabel="Loading token issuance…"
          size={TREND_CHART_SIZE}
        />
        {data !== undefined &&
          (summary?.peak === undefined ? (
            <EmptyState title="No tokens issued" hint={`No tokens in the last ${days} days.`} />
          ) : (
            <>
              <TokenTrendChart days={data} summary={description} />
              <TrendTable days={data} caption={description} zone={zone} />
            </>
          ))}
      </Panel>
    </div>
  );
}
