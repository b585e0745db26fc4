// The tenant settings contract (`GET`/`PUT /api/tenant/settings`) as the portal checks it.
import { z } from 'zod';

/** Longest zone name the API accepts. */
export const MAX_TIME_ZONE_LENGTH = 64;

export const tenantSettingsSchema = z.object({ time_zone: z.string().min(1) });

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** What the browser may send: exactly a zone name; the API decides whether it knows it. */
export const tenantSettingsBodySchema = z.strictObject({
  time_zone: z.string().min(1).max(MAX_TIME_ZONE_LENGTH),
});
