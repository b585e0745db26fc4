import type { NextRequest } from 'next/server';
import { getTenantSettings, putTenantSettings } from '#lib/server/tenantSettingsRoutes';

export function GET() {
  return getTenantSettings();
}

export function PUT(request: NextRequest) {
  return putTenantSettings(request);
}
