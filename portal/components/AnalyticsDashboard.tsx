'use client';
// The /analytics page body: loads the three analytics resources through the portal's
// routes, refreshes them on an interval, and keeps the chosen range in the URL.
import { useSearchParams } from 'next/navigation';
import type {
  ActivityBucket,
  AgentFailures,
  AgentUsage,
  AgentUsageComparison,
  Anomalies,
  FailureCount,
  TokenComparisonDay,
} from '#lib/analyticsSchemas';
import { usePolledJson } from '#lib/client/usePolledJson';
import { REFRESH_INTERVAL_MS, useRefreshTick } from '#lib/client/useRefreshTick';
import { parseRange, type RangeDays } from '#lib/range';
import { ActivityPanel } from './ActivityPanel';
import { AgentUsagePanel } from './AgentUsagePanel';
import { ATTENTION_DAYS, AttentionPanel } from './AttentionPanel';
import { FAILURE_DAYS, FailuresPanel } from './FailuresPanel';
import { TenantTimeZoneProvider } from './timeZone/TenantTimeZone';
import { TokenTrendPanel } from './TokenTrendPanel';
import { UpdatedAt } from './UpdatedAt';

export { REFRESH_INTERVAL_MS };

export interface AnalyticsDashboardProps {
  refreshIntervalMs?: number;
}

function latest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>(
    (newest, date) =>
      date !== undefined && (newest === undefined || date > newest) ? date : newest,
    undefined,
  );
}

export function AnalyticsDashboard({
  refreshIntervalMs = REFRESH_INTERVAL_MS,
}: AnalyticsDashboardProps) {
  const range = parseRange(useSearchParams().get('days'));
  const tick = useRefreshTick(refreshIntervalMs);

  // The trend and the usage come with the previous period beside them.
  const tokens = usePolledJson<TokenComparisonDay[]>(
    `/portal-api/analytics/tokens/comparison?days=${range}`,
    tick,
  );
  const activity = usePolledJson<ActivityBucket[]>('/portal-api/analytics/agents/activity', tick);
  const agents = usePolledJson<AgentUsage[]>('/portal-api/analytics/agents', tick);
  const previousMonth = usePolledJson<AgentUsageComparison[]>(
    '/portal-api/analytics/agents/comparison',
    tick,
  );
  const anomalies = usePolledJson<Anomalies>(
    `/portal-api/analytics/anomalies?days=${ATTENTION_DAYS}`,
    tick,
  );
  const failing = usePolledJson<AgentFailures[]>(
    `/portal-api/analytics/agents/failures?days=${ATTENTION_DAYS}`,
    tick,
  );
  const failures = usePolledJson<FailureCount[]>(
    `/portal-api/analytics/failures?days=${FAILURE_DAYS}`,
    tick,
  );

  // Next keeps useSearchParams in step with history.pushState, so no server round trip.
  const changeRange = (days: RangeDays) => window.history.pushState(null, '', `?days=${days}`);

  return (
    <TenantTimeZoneProvider tick={tick}>
      <div className="page-heading">
        <div>
          <h1>Analytics</h1>
          <p className="muted">
            Token issuance, agent activity and failed requests for your tenant.
          </p>
        </div>
        <UpdatedAt
          at={latest(
            tokens.updatedAt,
            activity.updatedAt,
            agents.updatedAt,
            failing.updatedAt,
            failures.updatedAt,
          )}
          intervalMs={refreshIntervalMs}
        />
      </div>
      <AttentionPanel anomalies={anomalies} failing={failing} />
      <div className="dashboard-grid">
        <TokenTrendPanel range={range} onRangeChange={changeRange} resource={tokens} />
        <ActivityPanel resource={activity} agents={agents.data} />
        <AgentUsagePanel resource={agents} previousMonth={previousMonth.data} />
        <FailuresPanel resource={failures} />
      </div>
    </TenantTimeZoneProvider>
  );
}
