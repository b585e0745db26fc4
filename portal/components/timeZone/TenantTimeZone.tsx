'use client';
// The tenant's reporting time zone for a page's panels, loaded with the page's refresh tick
// (so it follows a change made in settings as the figures do).
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { answerIsBehind, CATCH_UP_DELAY_MS, labelTimeZone } from '#lib/answerTimeZone';
import { usePolledJson, type Resource } from '#lib/client/usePolledJson';
import type { ReportingPanel } from '#lib/panelTimeZones';
import type { TenantSettings } from '#lib/tenantSettings';

const TenantTimeZoneContext = createContext<string | undefined>(undefined);

export function TenantTimeZoneProvider({ tick, children }: { tick: number; children: ReactNode }) {
  const settings = usePolledJson<TenantSettings>('/portal-api/tenant/settings', tick);
  return (
    <TenantTimeZoneContext.Provider value={settings.data?.time_zone}>
      {children}
    </TenantTimeZoneContext.Provider>
  );
}

/** What of a panel's resource names and settles its zone. */
export type ZonedAnswer = Pick<Resource<unknown>, 'timeZone' | 'updatedAt' | 'catchUp'>;

/**
 * The zone the panel's figures are in: the one named by `answer` (the resource whose
 * zoned figures the panel shows), else the tenant's setting; undefined while neither is
 * known. An answer still in the zone from before a change of the setting (its projection
 * had not seen the change) is loaded once more shortly after, so the page settles at once.
 */
export function usePanelTimeZone(panel: ReportingPanel, answer?: ZonedAnswer): string | undefined {
  const tenantZone = useContext(TenantTimeZoneContext);
  const behind = answerIsBehind(panel, answer?.timeZone, tenantZone);
  const catchUp = answer?.catchUp;
  const updatedAt = answer?.updatedAt;
  useEffect(() => {
    if (!behind || catchUp === undefined) return;
    const timer = window.setTimeout(catchUp, CATCH_UP_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [behind, catchUp, updatedAt]);
  return labelTimeZone(panel, answer?.timeZone, tenantZone);
}
