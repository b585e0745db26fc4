import type { NextRequest } from 'next/server';
import { getAgentEvents } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAgentEvents(request);
}
