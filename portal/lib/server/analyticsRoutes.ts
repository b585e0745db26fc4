// Handlers behind /portal-api/analytics/*: validate the browser's query, then forward.
import 'server-only';
import type { NextRequest } from 'next/server';
import { agentActivitySchema, agentUsageSchema, tokenTrendSchema } from '#lib/analyticsSchemas';
import { DEFAULT_RANGE, MAX_API_DAYS, parseApiDays } from '#lib/range';
import { forwardToApi } from '#lib/server/forwardToApi';
import { problemResponse } from '#lib/server/problem';

export function getTokenTrend(request: NextRequest): Promise<Response> | Response {
  const raw = request.nextUrl.searchParams.get('days');
  const days = raw === null ? DEFAULT_RANGE : parseApiDays(raw);
  if (days === undefined) {
    return problemResponse(
      400,
      'Invalid days',
      `days must be an integer from 1 to ${MAX_API_DAYS}.`,
    );
  }
  return forwardToApi(`/api/analytics/tokens?days=${days}`, tokenTrendSchema);
}

export function getAgentActivity(): Promise<Response> {
  return forwardToApi('/api/analytics/agents/activity', agentActivitySchema);
}

export function getAgentUsage(): Promise<Response> {
  return forwardToApi('/api/analytics/agents', agentUsageSchema);
}
