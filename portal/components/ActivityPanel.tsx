'use client';

import { useMemo, useState } from 'react';
import { ALL_AGENTS, gridCells, toActivityGrid } from '#lib/activityGrid';
import { describeActivity } from '#lib/activitySummary';
import { agentOptions } from '#lib/agentOptions';
import type { ActivityBucket, AgentUsage } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { AgentSelect } from './AgentSelect';
import { DownloadLink } from './DownloadLink';
import { ActivityTable } from './ActivityTable';
import { HEATMAP_SIZE } from './charts/chartSizes';
import { ActivityHeatmap } from './charts/lazyCharts';
import { Panel } from './Panel';
import { EmptyState, SourceStates } from './PanelStates';
import { PanelTimeZone } from './timeZone/PanelTimeZone';
import { usePanelTimeZone } from './timeZone/TenantTimeZone';

export interface ActivityPanelProps {
  resource: Resource<ActivityBucket[]>;
  /** Supplies agent names; the heatmap works without it, showing short ids. */
  agents: readonly AgentUsage[] | undefined;
}

export function ActivityPanel({ resource, agents }: ActivityPanelProps) {
  const { data, loading } = resource;
  const [agentId, setAgentId] = useState(ALL_AGENTS);

  const options = useMemo(() => agentOptions(agents ?? [], data ?? []), [agents, data]);
  const grid = useMemo(() => toActivityGrid(data ?? [], agentId), [data, agentId]);
  const cells = useMemo(() => gridCells(grid), [grid]);
  const who =
    agentId === ALL_AGENTS
      ? 'all agents'
      : (options.find((option) => option.id === agentId)?.label ?? 'selected agent');
  const zone = usePanelTimeZone('activity', resource);
  const summary = describeActivity(grid, who, zone);
  const hasActivity = cells.some((cell) => cell.count > 0);

  return (
    <Panel
      title="Agent activity"
      subtitle="Events by day of week and hour of day, last 30 days"
      note={<PanelTimeZone zone={zone} />}
      actions={
        <>
          <AgentSelect value={agentId} options={options} onChange={setAgentId} />
          <DownloadLink
            href="/portal-api/analytics/agents/activity?format=csv"
            label="agent activity"
          />
        </>
      }
      busy={loading}
      className="panel-wide"
    >
      <SourceStates source={resource} loadingLabel="Loading agent activity…" size={HEATMAP_SIZE} />
      {data !== undefined &&
        (hasActivity ? (
          <>
            <ActivityHeatmap cells={cells} summary={summary} zone={zone} />
            <ActivityTable grid={grid} caption={summary} />
          </>
        ) : (
          <EmptyState
            title={agentId === ALL_AGENTS ? 'No agent activity yet' : `No activity for ${who} yet`}
            hint="Activity from the last 30 days appears here as agents request tokens."
          />
        ))}
    </Panel>
  );
}
