import type { NextRequest } from 'next/server';
import { getAgentFailures } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAgentFailures(request);
}
