// The tenant settings contract (`GET`/`PUT /api/tenant/settings`): the API's own schema
// for its answer, and what the portal lets the browser send.
import { z } from 'zod';
import { maxTimeZoneLength } from '../../src/timeZones/reportingTimeZone.ts';

export { tenantSettingsView as tenantSettingsSchema } from '../../src/commands/http/tenantSettingsResponse.ts';
export type { TenantSettingsView as TenantSettings } from '../../src/commands/http/tenantSettingsResponse.ts';

/** Exactly a zone name; whether it is a zone the API knows is the API's to say. */
export const tenantSettingsBodySchema = z.strictObject({
  time_zone: z.string().min(1).max(maxTimeZoneLength),
});
