'use client';
// "Needs attention": anomalies of the last days and agents with failed token requests.
// Each source fails on its own: without anomalies the panel still lists failing agents.
import { attentionItems } from '#lib/attention';
import type { AgentFailures, Anomalies } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { AttentionList } from './AttentionList';
import { Panel } from './Panel';
import { EmptyState, ErrorState, Skeleton } from './PanelStates';
import { PanelTimeZone } from './timeZone/PanelTimeZone';
import { usePanelTimeZone } from './timeZone/TenantTimeZone';

export const ATTENTION_DAYS = 7;

export interface AttentionPanelProps {
  anomalies: Resource<Anomalies>;
  failing: Resource<AgentFailures[]>;
}

function AnomaliesNote({ anomalies }: { anomalies: Resource<Anomalies> }) {
  if (anomalies.loading) {
    return (
      <p className="muted attention-note" role="status">
        Looking for anomalies…
      </p>
    );
  }
  if (anomalies.data?.available === false) {
    return (
      <p className="muted attention-note" data-testid="anomalies-unavailable">
        Anomaly detection is not available on this server yet; showing failing agents only.
      </p>
    );
  }
  if (anomalies.data === undefined && anomalies.error !== undefined) {
    return (
      <p className="muted attention-note" data-testid="anomalies-unavailable">
        Anomalies could not be loaded ({anomalies.error}); showing failing agents only.
      </p>
    );
  }
  return null;
}

export function AttentionPanel({ anomalies, failing }: AttentionPanelProps) {
  const zone = usePanelTimeZone('attention', failing);
  // Failing agents show as soon as they arrive; anomalies join them when they do.
  const loading = failing.loading;
  const items = attentionItems(anomalies.data?.anomalies ?? [], failing.data ?? [], ATTENTION_DAYS);
  const failedBoth = failing.data === undefined && failing.error !== undefined;

  return (
    <Panel
      title="Needs attention"
      subtitle={`Unusual activity and failing agents, last ${ATTENTION_DAYS} days`}
      note={<PanelTimeZone zone={zone} />}
      busy={loading}
      className="attention-panel"
    >
      {loading && <Skeleton label="Loading what needs attention…" size={{ height: 96 }} />}
      {!loading && <AnomaliesNote anomalies={anomalies} />}
      {!loading && failedBoth && (
        <ErrorState message={failing.error ?? ''} onRetry={failing.retry} />
      )}
      {!loading &&
        (items.length > 0 ? (
          <AttentionList items={items} />
        ) : (
          !failedBoth &&
          !anomalies.loading && (
            <EmptyState
              title="Nothing needs attention"
              hint={`No anomalies or failed token requests in the last ${ATTENTION_DAYS} days.`}
            />
          )
        ))}
    </Panel>
  );
}
