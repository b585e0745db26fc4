import type { NextRequest } from 'next/server';
import { getAgentUsage } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAgentUsage(request);
}
