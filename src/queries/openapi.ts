import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { formatQuery } from '../http/export/answerFormat.js';
import { exportableResponse, jsonResponse, problemResponses } from '../http/openapi/responses.js';
import { bearerAuth } from '../http/openapi/registry.js';
import { agentParams, agentsQuery } from '../readModels/agents/request.js';
import { agentsPage, agentView } from '../readModels/agents/response.js';
import { readModels } from '../readModels/readModels.js';
import { auditEventsPage, auditEventsParams } from './schemas/audit.js';

const security = [{ [bearerAuth]: [] }];
const denied = problemResponses(400, 401, 403);
const exportDenied = problemResponses(400, 401, 403, 406);

/** The read side: every read model's endpoints, the agents and the audit endpoints. */
export function registerQueryPaths(registry: OpenAPIRegistry): void {
  for (const endpoint of readModels.flatMap((model) => model.endpoints)) {
    registry.registerPath({
      method: 'get',
      path: `/api/analytics${endpoint.path}`,
      tags: ['analytics'],
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      security,
      request: { query: endpoint.query.extend(formatQuery.shape) },
      responses: {
        200: {
          ...exportableResponse(endpoint.responseDescription, endpoint.response),
          headers: {
            'Reporting-Time-Zone': {
              description: endpoint.followsTimeZone
                ? "The IANA time zone the answer's days, hours and months are in: the tenant's reporting time zone."
                : 'UTC: this answer does not follow the reporting time zone.',
              schema: {
                type: 'string',
                example: endpoint.followsTimeZone ? 'Asia/Kolkata' : 'UTC',
              },
            },
          },
        },
        ...exportDenied,
      },
    });
  }
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
    request: { query: auditEventsParams.extend(formatQuery.shape) },
    responses: { 200: exportableResponse('A page of events', auditEventsPage), ...exportDenied },
  });
}
