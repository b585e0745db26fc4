import type { NextRequest } from 'next/server';
import { getTokenComparison } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getTokenComparison(request);
}
