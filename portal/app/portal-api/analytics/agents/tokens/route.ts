import type { NextRequest } from 'next/server';
import { getAgentTokenTrend } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAgentTokenTrend(request);
}
