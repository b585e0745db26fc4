'use client';

import type { AgentFailures } from '#lib/analyticsSchemas';
import { explainFailures } from '#lib/attention';
import type { Resource } from '#lib/client/usePolledJson';
import { formatCount } from '#lib/format';
import { formatEventTime } from '#lib/auditEventSummary';
import { Panel } from '../Panel';
import { PanelTimeZone } from '../timeZone/PanelTimeZone';
import { usePanelTimeZone } from '../timeZone/TenantTimeZone';
import { EmptyState, SourceStates } from '../PanelStates';

export interface AgentFailuresSectionProps {
  resource: Resource<AgentFailures[]>;
  agentId: string;
  days: number;
}

export function AgentFailuresSection({ resource, agentId, days }: AgentFailuresSectionProps) {
  const zone = usePanelTimeZone('failures', resource);
  const { data, loading } = resource;
  const agent = data?.find((entry) => entry.agent_id === agentId);
  const reasons = Object.entries(agent?.by_reason ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div data-testid="agent-section-failures" className="agent-section">
      <Panel
        title="Failed requests"
        subtitle={agent === undefined ? `Last ${days} days` : explainFailures(agent, days)}
        note={<PanelTimeZone zone={zone} />}
        busy={loading}
      >
        <SourceStates
          source={resource}
          loadingLabel="Loading failed requests…"
          size={{ height: 120 }}
        />
        {data !== undefined &&
          (agent === undefined ? (
            <EmptyState title="No failed requests" hint={`None in the last ${days} days.`} />
          ) : (
            <>
              <ul className="reason-list">
                {reasons.map(([reason, count]) => (
                  <li key={reason} data-testid="failure-reason" data-reason={reason}>
                    <code>{reason}</code>
                    <span>{formatCount(count)}</span>
                  </li>
                ))}
              </ul>
              <p className="muted">Last failure {formatEventTime(agent.last_failure_at)}</p>
            </>
          ))}
      </Panel>
    </div>
  );
}
