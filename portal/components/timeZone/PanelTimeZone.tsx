'use client';

import type { ReportingPanel } from '#lib/panelTimeZones';
import { describeTimeZone } from '#lib/timeZones';
import { usePanelTimeZone } from './TenantTimeZone';

/** "Times in Asia/Kolkata (UTC+05:30)" or "Times in UTC": the zone of the panel's figures. */
export function PanelTimeZone({ panel }: { panel: ReportingPanel }) {
  const zone = usePanelTimeZone(panel);
  if (zone === undefined) return null;
  return (
    <p className="panel-time-zone" data-testid="panel-time-zone" data-zone={zone}>
      Times in {describeTimeZone(zone, new Date())}
    </p>
  );
}
