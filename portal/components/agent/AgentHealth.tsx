'use client';
// The per-agent page: its trend, heatmap, failures, anomalies, scopes, quota and latest events,
// each loaded on its own so one failing source leaves the others on screen.
import Link from 'next/link';
import { agentLabel } from '#lib/agentUsage';
import type {
  ActivityBucket,
  AgentFailures,
  AgentScopeUsage,
  AgentUsage,
  Anomalies,
  AuditEvents,
  TokenDay,
} from '#lib/analyticsSchemas';
import { usePolledJson } from '#lib/client/usePolledJson';
import { REFRESH_INTERVAL_MS, useRefreshTick } from '#lib/client/useRefreshTick';
import { TenantTimeZoneProvider } from '../timeZone/TenantTimeZone';
import { UpdatedAt } from '../UpdatedAt';
import { AgentActivitySection } from './AgentActivitySection';
import { AgentAnomaliesSection } from './AgentAnomaliesSection';
import { AgentEventsSection } from './AgentEventsSection';
import { AgentFailuresSection } from './AgentFailuresSection';
import { AgentQuotaSection } from './AgentQuotaSection';
import { AgentScopesSection } from './AgentScopesSection';
import { AgentTrendSection } from './AgentTrendSection';

/** How many of the agent's latest events its page lists. */
const LATEST_EVENTS = 20;

export const AGENT_TREND_DAYS = 30;
export const AGENT_FAILURE_DAYS = 30;
export const AGENT_ANOMALY_DAYS = 7;

export function AgentHealth({ agentId }: { agentId: string }) {
  const tick = useRefreshTick(REFRESH_INTERVAL_MS);
  const scopes = usePolledJson<AgentScopeUsage[]>(
    `/portal-api/analytics/scopes?agent_id=${agentId}`,
    tick,
  );
  const trend = usePolledJson<TokenDay[]>(
    `/portal-api/analytics/agents/tokens?agent_id=${agentId}&days=${AGENT_TREND_DAYS}`,
    tick,
  );
  const activity = usePolledJson<ActivityBucket[]>(
    `/portal-api/analytics/agents/activity?agent_id=${agentId}`,
    tick,
  );
  const failing = usePolledJson<AgentFailures[]>(
    `/portal-api/analytics/agents/failures?days=${AGENT_FAILURE_DAYS}`,
    tick,
  );
  const anomalies = usePolledJson<Anomalies>(
    `/portal-api/analytics/anomalies?days=${AGENT_ANOMALY_DAYS}`,
    tick,
  );
  const usageThisMonth = usePolledJson<AgentUsage[]>('/portal-api/analytics/agents', tick);
  const events = usePolledJson<AuditEvents>(
    `/portal-api/audit/events?agent_id=${agentId}&limit=${LATEST_EVENTS}`,
    tick,
  );

  const usage = scopes.data?.[0];
  const unknown = scopes.data !== undefined && usage === undefined;
  const name = agentLabel(agentId, usage?.name);

  return (
    <TenantTimeZoneProvider tick={tick}>
      <p className="breadcrumb">
        <Link href="/analytics">← Analytics</Link>
      </p>
      <div className="page-heading">
        <div>
          <h1 data-testid="agent-name">{scopes.loading ? 'Agent' : name}</h1>
          <p className="muted">
            {unknown
              ? 'No agent with this id in your tenant.'
              : 'Tokens, activity, failures, anomalies, scopes, quota and latest events of this agent.'}
          </p>
        </div>
        <UpdatedAt at={trend.updatedAt} intervalMs={REFRESH_INTERVAL_MS} />
      </div>
      {!unknown && (
        <div className="dashboard-grid agent-grid">
          <AgentTrendSection resource={trend} days={AGENT_TREND_DAYS} />
          <AgentActivitySection resource={activity} agentId={agentId} name={name} />
          <AgentScopesSection resource={scopes} />
          <AgentQuotaSection resource={usageThisMonth} agentId={agentId} name={name} />
          <AgentFailuresSection resource={failing} agentId={agentId} days={AGENT_FAILURE_DAYS} />
          <AgentAnomaliesSection resource={anomalies} agentId={agentId} days={AGENT_ANOMALY_DAYS} />
          <AgentEventsSection resource={events} />
        </div>
      )}
    </TenantTimeZoneProvider>
  );
}
