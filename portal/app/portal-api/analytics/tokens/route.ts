import type { NextRequest } from 'next/server';
import { getTokenTrend } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getTokenTrend(request);
}
