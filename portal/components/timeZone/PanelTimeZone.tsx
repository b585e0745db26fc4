'use client';

import { describeTimeZone } from '#lib/timeZones';

/** "Times in Asia/Kolkata (UTC+05:30)" or "Times in UTC": the zone of the panel's figures. */
export function PanelTimeZone({ zone }: { zone: string | undefined }) {
  if (zone === undefined) return null;
  return (
    <p className="panel-time-zone" data-testid="panel-time-zone" data-zone={zone}>
      Times in {describeTimeZone(zone, new Date())}
    </p>
  );
}
