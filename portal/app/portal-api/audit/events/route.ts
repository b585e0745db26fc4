import type { NextRequest } from 'next/server';
import { getAuditEvents } from '#lib/server/auditRoutes';

export function GET(request: NextRequest) {
  return getAuditEvents(request);
}
