import type { NextRequest } from 'next/server';
import { getScopeUsage } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getScopeUsage(request);
}
