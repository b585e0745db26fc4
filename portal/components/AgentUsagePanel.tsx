'use client';

import { withPreviousMonth } from '#lib/agentUsage';
import type { AgentUsage, AgentUsageComparison } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { useQuotaReload } from '#lib/client/useQuotaReload';
import { AgentUsageTable } from './AgentUsageTable';
import { DownloadLink } from './DownloadLink';
import { Panel } from './Panel';
import { EmptyState, SourceStates } from './PanelStates';
import { PanelTimeZone } from './timeZone/PanelTimeZone';
import { usePanelTimeZone } from './timeZone/TenantTimeZone';

/** "December 2026": the month now is in `zone`. */
function monthIn(zone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: zone,
  }).format(new Date());
}

export interface AgentUsagePanelProps {
  resource: Resource<AgentUsage[]>;
  /** Last month per agent (`/agents/comparison`); the table shows a dash until it arrives. */
  previousMonth: readonly AgentUsageComparison[] | undefined;
}

export function AgentUsagePanel({ resource, previousMonth }: AgentUsagePanelProps) {
  const { data, loading } = resource;
  const quotaChanged = useQuotaReload(resource);
  const zone = usePanelTimeZone('usage', resource);
  return (
    <Panel
      title="Usage this month"
      subtitle={
        zone === undefined
          ? 'Tokens per agent this month, beside last month'
          : `Tokens per agent, ${monthIn(zone)}, beside last month`
      }
      note={<PanelTimeZone zone={zone} />}
      actions={
        <DownloadLink
          href="/portal-api/analytics/agents/comparison?format=csv"
          label="usage this month and last month"
        />
      }
      busy={loading}
    >
      <SourceStates source={resource} loadingLabel="Loading agent usage…" size={{ height: 240 }} />
      {data !== undefined &&
        (data.length === 0 ? (
          <EmptyState
            title="No agent usage this month"
            hint="Agents appear here once they request a token."
          />
        ) : (
          <AgentUsageTable
            agents={withPreviousMonth(data, previousMonth)}
            onQuotaChanged={quotaChanged}
          />
        ))}
    </Panel>
  );
}
