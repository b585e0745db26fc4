import { z } from 'zod';

// The settings as the API answers them; zod only, so the portal can validate with it.
export const tenantSettingsView = z
  .object({
    time_zone: z.string().meta({
      description: 'IANA name of the zone the tenant’s figures are reported in; UTC by default.',
      example: 'Asia/Kolkata',
    }),
  })
  .meta({ id: 'TenantSettings' });

export type TenantSettingsView = z.infer<typeof tenantSettingsView>;
