import type { NextRequest } from 'next/server';
import { getFailureTrend } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getFailureTrend(request);
}
