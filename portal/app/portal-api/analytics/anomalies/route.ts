import type { NextRequest } from 'next/server';
import { getAnomalies } from '#lib/server/analyticsRoutes';

export function GET(request: NextRequest) {
  return getAnomalies(request);
}
