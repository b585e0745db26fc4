'use client';

import type { Anomalies } from '#lib/analyticsSchemas';
import { attentionItems } from '#lib/attention';
import type { Resource } from '#lib/client/usePolledJson';
import { AttentionList } from '../AttentionList';
import { Panel } from '../Panel';
import { PanelTimeZone } from '../timeZone/PanelTimeZone';
import { usePanelTimeZone } from '../timeZone/TenantTimeZone';
import { EmptyState, Skeleton } from '../PanelStates';

export interface AgentAnomaliesSectionProps {
  resource: Resource<Anomalies>;
  agentId: string;
  days: number;
}

export function AgentAnomaliesSection({ resource, agentId, days }: AgentAnomaliesSectionProps) {
  const zone = usePanelTimeZone('anomalies', resource);
  const { data, error, loading } = resource;
  const items = attentionItems(
    (data?.anomalies ?? []).filter((anomaly) => anomaly.agent_id === agentId),
    [],
    days,
  );
  return (
    <div data-testid="agent-section-anomalies" className="agent-section">
      <Panel
        title="Anomalies"
        subtitle={`Unusual hours, last ${days} days`}
        note={<PanelTimeZone zone={zone} />}
        busy={loading}
      >
        {loading && <Skeleton label="Loading anomalies…" size={{ height: 96 }} />}
        {!loading &&
          (data?.available === false || (data === undefined && error !== undefined) ? (
            <p className="muted" data-testid="anomalies-unavailable">
              Anomaly detection is not available
              {error === undefined ? ' on this server yet' : ` (${error})`}.
            </p>
          ) : items.length > 0 ? (
            <AttentionList items={items} />
          ) : (
            <EmptyState title="No anomalies" hint={`Nothing unusual in the last ${days} days.`} />
          ))}
      </Panel>
    </div>
  );
}
