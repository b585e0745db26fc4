import type { NextRequest } from 'next/server';
import { getAgentActivity } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAgentActivity(request);
}
