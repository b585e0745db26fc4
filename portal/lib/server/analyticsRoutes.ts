// Handlers behind /portal-api/analytics/*: validate the browser's query, then
// forward, as JSON checked against the API's contract or (?format=csv) as a download.
import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import {
  agentActivitySchema,
  agentUsageComparisonSchema,
  agentUsageSchema,
  tokenComparisonSchema,
  tokenTrendSchema,
} from '#lib/analyticsSchemas';
import { DEFAULT_RANGE, MAX_API_DAYS, parseApiDays } from '#lib/range';
import { forwardDownload } from '#lib/server/forwardDownload';
import { forwardToApi } from '#lib/server/forwardToApi';
import { problemResponse } from '#lib/server/problem';

/** JSON, or the CSV download with `?format=csv`; any other format is a 400. */
export function forwardAnswer(
  request: NextRequest,
  path: string,
  schema: z.ZodType,
): Promise<Response> | Response {
  const format = request.nextUrl.searchParams.get('format');
  if (format === null) return forwardToApi(path, schema);
  if (format !== 'csv') return problemResponse(400, 'Invalid format', 'format must be csv.');
  return forwardDownload(`${path}${path.includes('?') ? '&' : '?'}format=csv`);
}

function withDays(
  request: NextRequest,
  path: string,
  schema: z.ZodType,
): Promise<Response> | Response {
  const raw = request.nextUrl.searchParams.get('days');
  const days = raw === null ? DEFAULT_RANGE : parseApiDays(raw);
  if (days === undefined) {
    return problemResponse(
      400,
      'Invalid days',
      `days must be an integer from 1 to ${MAX_API_DAYS}.`,
    );
  }
  return forwardAnswer(request, `${path}?days=${days}`, schema);
}

export function getTokenTrend(request: NextRequest): Promise<Response> | Response {
  return withDays(request, '/api/analytics/tokens', tokenTrendSchema);
}

export function getTokenComparison(request: NextRequest): Promise<Response> | Response {
  return withDays(request, '/api/analytics/tokens/comparison', tokenComparisonSchema);
}

export function getAgentActivity(request: NextRequest): Promise<Response> | Response {
  return forwardAnswer(request, '/api/analytics/agents/activity', agentActivitySchema);
}

export function getAgentUsage(request: NextRequest): Promise<Response> | Response {
  return forwardAnswer(request, '/api/analytics/agents', agentUsageSchema);
}

export function getAgentUsageComparison(request: NextRequest): Promise<Response> | Response {
  return forwardAnswer(request, '/api/analytics/agents/comparison', agentUsageComparisonSchema);
}
