import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { jsonResponse, problemResponses } from '../../http/openapi/responses.js';
import { bearerAuth } from '../../http/openapi/registry.js';
import { tenantSettingsBody } from './schemas.js';
import { tenantSettingsView } from './tenantSettingsResponse.js';

// /api/tenant/settings: the tenant's own settings, read from its stream.
const security = [{ [bearerAuth]: [] }];
const tags = ['tenant'];
const etag = z.object({
  ETag: z.string().meta({
    description: 'The tenant stream revision; send it back as If-Match to change the settings.',
  }),
});

export function registerTenantSettingsPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/tenant/settings',
    tags,
    summary: 'The tenant’s settings (the reporting time zone, UTC by default)',
    security,
    responses: {
      200: { ...jsonResponse('The settings', tenantSettingsView), headers: etag },
      ...problemResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/tenant/settings',
    tags,
    summary: 'Set the reporting time zone',
    description:
      'Appends TenantTimeZoneChanged to the tenant stream; the zone it already has appends nothing. An unknown or malformed zone is a 400 naming `time_zone`.',
    security,
    request: {
      headers: z.object({
        'If-Match': z
          .string()
          .optional()
          .meta({ description: 'The ETag last seen; a changed tenant is then a 412.' }),
        'If-None-Match': z.string().optional().meta({
          description:
            'Revisions to refuse (weakly compared); * is always a 412, as the settings exist.',
        }),
      }),
      body: {
        required: true,
        content: {
          'application/json': { schema: tenantSettingsBody.meta({ id: 'TenantSettingsBody' }) },
        },
      },
    },
    responses: {
      200: { ...jsonResponse('The settings now', tenantSettingsView), headers: etag },
      ...problemResponses(400, 401, 403, 412),
    },
  });
}
