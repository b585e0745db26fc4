'use client';

import { useMemo } from 'react';
import { gridCells, toActivityGrid } from '#lib/activityGrid';
import { describeActivity } from '#lib/activitySummary';
import type { ActivityBucket } from '#lib/analyticsSchemas';
import type { Resource } from '#lib/client/usePolledJson';
import { ActivityTable } from '../ActivityTable';
import { HEATMAP_SIZE } from '../charts/chartSizes';
import { ActivityHeatmap } from '../charts/lazyCharts';
import { Panel } from '../Panel';
import { EmptyState, SourceStates } from '../PanelStates';
import { PanelTimeZone } from '../timeZone/PanelTimeZone';
import { usePanelTimeZone } from '../timeZone/TenantTimeZone';

export interface AgentActivitySectionProps {
  resource: Resource<ActivityBucket[]>;
  agentId: string;
  name: string;
}

export function AgentActivitySection({ resource, agentId, name }: AgentActivitySectionProps) {
  const { data, loading } = resource;
  const grid = useMemo(() => toActivityGrid(data ?? [], agentId), [data, agentId]);
  const cells = useMemo(() => gridCells(grid), [grid]);
  const zone = usePanelTimeZone('activity', resource);
  const summary = describeActivity(grid, name, zone);
  return (
    <div data-testid="agent-section-activity" className="agent-section panel-wide">
      <Panel
        title="Activity"
        subtitle="Events by day of week and hour of day, last 30 days"
        note={<PanelTimeZone zone={zone} />}
        busy={loading}
      >
        <SourceStates source={resource} loadingLabel="Loading activity…" size={HEATMAP_SIZE} />
        {data !== undefined &&
          (cells.some((cell) => cell.count > 0) ? (
            <>
              <ActivityHeatmap cells={cells} summary={summary} zone={zone} />
              <ActivityTable grid={grid} caption={summary} />
            </>
          ) : (
            <EmptyState title="No activity in the last 30 days" />
          ))}
      </Panel>
    </div>
  );
}
