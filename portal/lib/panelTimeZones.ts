// Which panels' figures follow the tenant's reporting time zone and which stay in UTC.
// The one place that knows it: panels label themselves from here and the settings page
// explains the setting from here. It mirrors what the API computes in the tenant's zone.
import { UTC } from '#lib/timeZones';

export type TimeBasis = 'tenant' | 'utc';

interface PanelTime {
  basis: TimeBasis;
  /** What of the panel is counted in that zone, for the settings page's explanation. */
  figures: string;
}

export const PANEL_TIMES = {
  // `/tokens`, `/tokens/comparison`
  tokenTrend: { basis: 'tenant', figures: 'the days of the token trend' },
  // `/agents/activity`
  activity: { basis: 'tenant', figures: 'the day of week and hour of the activity heatmap' },
  // `/agents`, `/agents/comparison`
  usage: { basis: 'tenant', figures: 'the month of the usage table' },
  // `/agents/tokens` comes from the scope usage read model, which keeps UTC days.
  agentTrend: { basis: 'utc', figures: 'the days of an agent’s own token trend' },
  failures: { basis: 'utc', figures: 'failed requests' },
  attention: { basis: 'utc', figures: 'what needs attention' },
  anomalies: { basis: 'utc', figures: 'anomalies' },
  scopes: { basis: 'utc', figures: 'scope usage' },
  quota: { basis: 'utc', figures: 'quota periods' },
} as const satisfies Record<string, PanelTime>;

export type ReportingPanel = keyof typeof PANEL_TIMES;

/** The zone the panel's figures are in, given the tenant's reporting time zone. */
export function panelTimeZone(panel: ReportingPanel, tenantZone: string): string {
  return PANEL_TIMES[panel].basis === 'tenant' ? tenantZone : UTC;
}

/** "a, b and c": what is counted on `basis`, each named once. */
export function figuresOn(basis: TimeBasis): string {
  const names = [
    ...new Set(
      Object.values(PANEL_TIMES as Record<string, PanelTime>)
        .filter((panel) => panel.basis === basis)
        .map((panel) => panel.figures),
    ),
  ];
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
