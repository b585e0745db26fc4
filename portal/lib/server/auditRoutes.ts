// The handler behind /portal-api/audit/events: check the query, then forward a
// page of events (JSON, checked against the API's schema) or the CSV download.
import 'server-only';
import type { NextRequest } from 'next/server';
import { auditQueryString, readAuditRequest } from '#lib/auditFilters';
import { auditPageSchema } from '#lib/auditSchemas';
import { forwardDownload } from '#lib/server/forwardDownload';
import { forwardToApi } from '#lib/server/forwardToApi';
import { invalidFieldResponse } from '#lib/server/problem';

/** Events a page of the audit log lists, unless the caller asks for fewer or more (1..100). */
export const AUDIT_PAGE_SIZE = 50;

export function getAuditEvents(request: NextRequest): Promise<Response> | Response {
  const parsed = readAuditRequest(request.nextUrl.searchParams);
  if (!parsed.ok) {
    return invalidFieldResponse(parsed.field, 'is not valid here');
  }
  const filters = auditQueryString(parsed.filters);
  if (parsed.format === 'csv') {
    return forwardDownload(`/api/audit/events?format=csv${filters ? `&${filters}` : ''}`);
  }
  const cursor = parsed.cursor ? `&cursor=${encodeURIComponent(parsed.cursor)}` : '';
  return forwardToApi(
    `/api/audit/events?limit=${parsed.limit ?? AUDIT_PAGE_SIZE}${filters ? `&${filters}` : ''}${cursor}`,
    auditPageSchema,
  );
}
