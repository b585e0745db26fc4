// Handlers behind /portal-api/analytics/* and /portal-api/audit/*: validate the
// browser's query, then forward.
import 'server-only';
import type { NextRequest } from 'next/server';
import { isAgentId } from '#lib/agentPage';
import {
  agentActivitySchema,
  agentFailuresSchema,
  agentTokenTrendSchema,
  agentUsageSchema,
  anomaliesSchema,
  auditEventsSchema,
  failureTrendSchema,
  scopeUsageSchema,
  tokenTrendSchema,
  type Anomalies,
} from '#lib/analyticsSchemas';
import { DEFAULT_RANGE, MAX_API_DAYS, parseApiDays } from '#lib/range';
import { forwardToApi } from '#lib/server/forwardToApi';
import { problemResponse } from '#lib/server/problem';

/** How many of an agent's latest events its page lists. */
export const LATEST_EVENTS = 20;

function invalidDays(): Response {
  return problemResponse(400, 'Invalid days', `days must be an integer from 1 to ${MAX_API_DAYS}.`);
}

function invalidAgentId(): Response {
  return problemResponse(400, 'Invalid agent_id', 'agent_id must be a UUID.');
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

export function getTokenTrend(request: NextRequest): Promise<Response> | Response {
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  return forwardToApi(`/api/analytics/tokens?days=${days}`, tokenTrendSchema);
}

export function getAgentActivity(request: NextRequest): Promise<Response> | Response {
  const agentId = agentIdOf(request);
  if (agentId === undefined) return invalidAgentId();
  const filter = agentId === null ? '' : `?agent_id=${agentId}`;
  return forwardToApi(`/api/analytics/agents/activity${filter}`, agentActivitySchema);
}

export function getAgentUsage(): Promise<Response> {
  return forwardToApi('/api/analytics/agents', agentUsageSchema);
}

export function getFailureTrend(request: NextRequest): Promise<Response> | Response {
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  return forwardToApi(`/api/analytics/failures?days=${days}`, failureTrendSchema);
}

export function getAgentFailures(request: NextRequest): Promise<Response> | Response {
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  return forwardToApi(`/api/analytics/agents/failures?days=${days}`, agentFailuresSchema);
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
  return forwardToApi(`/api/analytics/scopes${filter}`, scopeUsageSchema);
}

export function getAgentTokenTrend(request: NextRequest): Promise<Response> | Response {
  const agentId = agentIdOf(request);
  if (typeof agentId !== 'string') return invalidAgentId();
  const days = daysOf(request);
  if (days === undefined) return invalidDays();
  return forwardToApi(
    `/api/analytics/agents/tokens?agent_id=${agentId}&days=${days}`,
    agentTokenTrendSchema,
  );
}

export function getAgentEvents(request: NextRequest): Promise<Response> | Response {
  const agentId = agentIdOf(request);
  if (typeof agentId !== 'string') return invalidAgentId();
  return forwardToApi(
    `/api/audit/events?agent_id=${agentId}&limit=${LATEST_EVENTS}`,
    auditEventsSchema,
  );
}
