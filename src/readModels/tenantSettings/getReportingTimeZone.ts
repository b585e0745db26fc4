import type { PoolClient } from '../../db/pool.js';
import { defaultTimeZone } from '../../timeZones/reportingTimeZone.js';

/** The tenant's reporting time zone as the log has set it; UTC until one is set. */
export async function getReportingTimeZone(client: PoolClient, tenantId: string): Promise<string> {
  const { rows } = await client.query<{ time_zone: string }>({
    name: 'reporting-time-zone',
    text: 'SELECT time_zone FROM tenant_settings WHERE tenant_id = $1',
    values: [tenantId],
  });
  return rows[0]?.time_zone ?? defaultTimeZone;
}
