// Handlers behind /portal-api/analytics/*: validate the browser's query, then
// forward, as JSON checked against the API's contract or (?format=csv) as a download.
import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { isAgentId } from '#lib/agentPage';
import {
  agentActivitySchema,
  agentFailuresSchema,
  agentTokenTrendSchema,
  agentUsageComparisonSchema,
  agentUsageSchema,
  anomaliesSchema,
  failureTrendSchema,
  scopeUsageSchema,
  tokenComparisonSchema,
  tokenTrendSchema,
  type Anomalies,
} from '#lib/analyticsSchemas';
import { DEFAULT_RANGE, MAX_API_DAYS, parseApiDays } from '#lib/range';
import { forwardDownload } from '#lib/server/forwardDownload';
import { forwardToApi } from '#lib/server/forwardToApi';
import { invalidFieldResponse } from '#lib/server/problem';

/** JSON, or the CSV download with `?format=csv`; any other format is a 400. */
export function forwardAnswer(
  request: NextRequest,
  path: string,
  schema: z.ZodType,
): Promise<Response> | Response {
  const format = request.nextUrl.searchParams.get('format');
  if (format === null) return forwardToApi(path, schema);
  if (format !== 'csv') return invalidFieldResponse('format', 'must be csv');
  return forwardDownload(`${path}${path.includes('?') ? '&' : '?'}format=csv`);
}

function invalidDays(): Response {
  return invalidFieldResponse('days', `must be an integer from 1 to ${MAX_API_DAYS}`);
}

function invalidAgentId(): Response {
  return invalidFieldResponse('agent_id', 'must be a UUID');
}

function daysOf(request: NextRequest): number | undefined {
  const raw = request.nextUrl.searchParams.get('days');
  return raw === null ? DEFAULT_RANGE : parseApiDays(raw);
}

/** The agent_id parameter: absent (null), valid, or invalid (undefined). */
function agentIdOf(request: NextRequest): string | null | undefined {
  const raw = request.nextUrl.searchParams.get('agent_id');
  if (raw === null) return null;
  return isAgentId(raw) ? raw.toLowerCase() : undefined;
}

function withDays(
  request: NextRequest,
  path: string,
  schema: z.ZodType,
): Promise<Response> | Response {
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  return forwardAnswer(request, `${path}?days=${days}`, schema);
}

export function getTokenTrend(request: NextRequest): Promise<Response> | Response {
  return withDays(request, '/api/analytics/tokens', tokenTrendSchema);
}

export function getTokenComparison(request: NextRequest): Promise<Response> | Response {
  return withDays(request, '/api/analytics/tokens/comparison', tokenComparisonSchema);
}

export function getAgentActivity(request: NextRequest): Promise<Response> | Response {
  const agentId = agentIdOf(request);
  if (agentId === undefined) return invalidAgentId();
  const filter = agentId === null ? '' : `?agent_id=${agentId}`;
  return forwardAnswer(request, `/api/analytics/agents/activity${filter}`, agentActivitySchema);
}

export function getAgentUsage(request: NextRequest): Promise<Response> | Response {
  return forwardAnswer(request, '/api/analytics/agents', agentUsageSchema);
}

export function getAgentUsageComparison(request: NextRequest): Promise<Response> | Response {
  return forwardAnswer(request, '/api/analytics/agents/comparison', agentUsageComparisonSchema);
}

export function getFailureTrend(request: NextRequest): Promise<Response> | Response {
  return withDays(request, '/api/analytics/failures', failureTrendSchema);
}

export function getAgentFailures(request: NextRequest): Promise<Response> | Response {
  return withDays(request, '/api/analytics/agents/failures', agentFailuresSchema);
}

export function getAnomalies(request: NextRequest): Promise<Response> | Response {
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  const absent: Anomalies = { available: false, anomalies: [] };
  return forwardToApi(`/api/analytics/anomalies?days=${days}`, anomaliesSchema, {
    whenAbsent: absent,
    wrap: (anomalies) => ({ available: true, anomalies }),
  });
}

export function getScopeUsage(request: NextRequest): Promise<Response> | Response {
  const agentId = agentIdOf(request);
  if (agentId === undefined) return invalidAgentId();
  const filter = agentId === null ? '' : `?agent_id=${agentId}`;
  return forwardAnswer(request, `/api/analytics/scopes${filter}`, scopeUsageSchema);
}

export function getAgentTokenTrend(request: NextRequest): Promise<Response> | Response {
  const agentId = agentIdOf(request);
  if (typeof agentId !== 'string') return invalidAgentId();
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  return forwardAnswer(
    request,
    `/api/analytics/agents/tokens?agent_id=${agentId}&days=${days}`,
    agentTokenTrendSchema,
  );
}
