import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import { foldedProjection } from '../../projections/foldedProjection.js';
import type { Projection } from '../../projections/Projection.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';

export const tenantSettingsTable = 'tenant_settings';

export interface TenantTimeZoneRow {
  tenantId: string;
  timeZone: string;
}

/** Each tenant's latest zone in the batch. Pure. */
export function foldTenantSettings(events: readonly ProjectedEvent[]): TenantTimeZoneRow[] {
  const zones = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'TenantTimeZoneChanged') zones.set(event.tenantId, event.data.timeZone);
  }
  return [...zones].map(([tenantId, timeZone]) => ({ tenantId, timeZone }));
}

async function writeTenantSettings(
  client: PoolClient,
  table: string,
  rows: readonly TenantTimeZoneRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)} (tenant_id, time_zone)
     SELECT * FROM unnest($1::uuid[], $2::text[])
     ON CONFLICT (tenant_id) DO UPDATE SET time_zone = excluded.time_zone`,
    [rows.map((row) => row.tenantId), rows.map((row) => row.timeZone)],
  );
}

export const tenantSettingsProjection: Projection = foldedProjection({
  name: 'tenantSettings',
  table: tenantSettingsTable,
  eventTypes: new Set(['TenantTimeZoneChanged']),
  fold: foldTenantSettings,
  write: writeTenantSettings,
});
