import type { NextRequest } from 'next/server';
import { getAgentUsageComparison } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAgentUsageComparison(request);
}
