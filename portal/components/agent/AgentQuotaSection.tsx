'use client';

import type { AgentUsage } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { useQuotaReload } from '#lib/client/useQuotaReload';
import { formatCount } from '#lib/format';
import { AgentQuotaEditor } from '../AgentQuotaEditor';
import { Panel } from '../Panel';
import { PanelTimeZone } from '../timeZone/PanelTimeZone';
import { usePanelTimeZone } from '../timeZone/TenantTimeZone';
import { SourceStates } from '../PanelStates';
import { QuotaBar } from '../QuotaBar';

/** The agent's token quota with its use in the current period, and the editor to change it. */
export function AgentQuotaSection({
  resource,
  agentId,
  name,
}: {
  resource: Resource<AgentUsage[]>;
  agentId: string;
  name: string;
}) {
  const { data, loading } = resource;
  const quotaChanged = useQuotaReload(resource);
  const row = data?.find((agent) => agent.agent_id === agentId);
  // The quota's periods are UTC whatever the answer's zone, which is that of the month's total.
  const usageZone = usePanelTimeZone('usage', resource);
  const quotaZone = usePanelTimeZone('quota');
  return (
    <div data-testid="agent-section-quota" className="agent-section">
      <Panel
        title="Quota"
        subtitle={
          row === undefined
            ? 'Token quota and its use in the current UTC period'
            : `${formatCount(row.token_count)} tokens this month${usageZone === undefined || usageZone === 'UTC' ? '' : ` (${usageZone})`}`
        }
        note={<PanelTimeZone zone={quotaZone} />}
        busy={loading}
      >
        <SourceStates source={resource} loadingLabel="Loading quota…" size={{ height: 80 }} />
        {row !== undefined && (
          <>
            <p>
              {row.quota ? (
                <QuotaBar quota={row.quota} />
              ) : (
                <span className="quota-none">No quota</span>
              )}
            </p>
            {/* Not keyed by the quota: the reload after a save must not re-mount the editor and wipe its answer. */}
            <AgentQuotaEditor
              agentId={agentId}
              agentName={name}
              quota={row.quota ?? null}
              onChanged={(quota) => quotaChanged(agentId, quota)}
            />
          </>
        )}
      </Panel>
    </div>
  );
}
