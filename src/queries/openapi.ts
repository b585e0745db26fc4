import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { jsonResponse, problemResponses } from '../http/openapi/responses.js';
import { bearerAuth } from '../http/openapi/registry.js';
import { agentParams, agentsQuery } from '../readModels/agents/request.js';
import { agentsPage, agentView } from '../readModels/agents/response.js';
import { activityHeatmapQuery } from '../readModels/agentActivity/request.js';
import { activityHeatmapResponse } from '../readModels/agentActivity/response.js';
import { tokenTrendQuery } from '../readModels/dailyMetrics/request.js';
import { tokenTrendResponse } from '../readModels/dailyMetrics/response.js';
import { agentUsageResponse } from '../readModels/monthlyTokens/response.js';
import { auditEventsPage, auditEventsQuery } from './schemas/audit.js';

const security = [{ [bearerAuth]: [] }];
const denied = problemResponses(400, 401, 403);

/** The read side: analytics, agents and audit endpoints. */
export function registerQueryPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/analytics/tokens',
    tags: ['analytics'],
    summary: 'Daily agent token issuances',
    description: 'One entry per UTC day of the window ending today; days without tokens count 0.',
    security,
    request: { query: tokenTrendQuery },
    responses: { 200: jsonResponse('Token trend', tokenTrendResponse), ...denied },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/analytics/agents/activity',
    tags: ['analytics'],
    summary: 'Activity heatmap: per agent, by UTC day of week and hour, last 30 days',
    security,
    request: { query: activityHeatmapQuery },
    responses: { 200: jsonResponse('Activity buckets', activityHeatmapResponse), ...denied },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/analytics/agents',
    tags: ['analytics'],
    summary: 'Per-agent token issuances in the current UTC calendar month',
    security,
    responses: { 200: jsonResponse('Per-agent usage', agentUsageResponse), ...denied },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/agents',
    tags: ['agents'],
    summary: 'List agents, newest first',
    security,
    request: { query: agentsQuery },
    responses: { 200: jsonResponse('A page of agents', agentsPage), ...denied },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/agents/{id}',
    tags: ['agents'],
    summary: 'One agent',
    security,
    request: { params: agentParams },
    responses: { 200: jsonResponse('The agent', agentView), ...denied, ...problemResponses(404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/audit/events',
    tags: ['audit'],
    summary: 'Raw events of the tenant, newest first',
    description:
      'Read from the event log itself. Pages are stable while events are appended: following next_cursor never repeats or skips an event.',
    security,
    request: { query: auditEventsQuery },
    responses: { 200: jsonResponse('A page of events', auditEventsPage), ...denied },
  });
}
