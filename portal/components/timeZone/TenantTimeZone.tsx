'use client';
// The tenant's reporting time zone for a page's panels, loaded with the page's refresh tick
// (so it follows a change made in settings as the figures do).
import { createContext, useContext, type ReactNode } from 'react';
import { usePolledJson } from '#lib/client/usePolledJson';
import { panelTimeZone, type ReportingPanel } from '#lib/panelTimeZones';
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

/** The zone the panel's figures are in; undefined while the tenant's zone is not known yet. */
export function usePanelTimeZone(panel: ReportingPanel): string | undefined {
  const tenantZone = useContext(TenantTimeZoneContext);
  return tenantZone === undefined ? undefined : panelTimeZone(panel, tenantZone);
}
