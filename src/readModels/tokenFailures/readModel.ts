import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { utcDayRange } from '../utcCalendar.js';
import { getAgentFailures } from './getAgentFailures.js';
import { getFailureTrend } from './getFailureTrend.js';
import { tokenFailuresProjection } from './projection.js';
import { tokenFailuresQuery } from './request.js';
import { agentFailuresResponse, failureTrendResponse } from './response.js';

export const tokenFailuresReadModel: ReadModel = {
  projection: tokenFailuresProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/failures',
      summary: 'Failed token requests per UTC day and reason',
      description:
        'Counts rejections recorded for the tenant, admin client included; days without failures are omitted. Requests with an unknown client id belong to no tenant and are not counted.',
      query: tokenFailuresQuery,
      response: failureTrendResponse,
      responseDescription: 'Failure trend',
      window: ({ query, now }) => utcDayRange(now, query.days),
      answer: (client, { tenantId, query, now }) =>
        getFailureTrend(client, { tenantId, days: query.days, now }),
    }),
    analyticsEndpoint({
      path: '/agents/failures',
      summary: 'Per-agent failed token requests in the window',
      description:
        'Agents with failures in the window, most failures first; the admin client’s failures are counted only in /failures.',
      query: tokenFailuresQuery,
      response: agentFailuresResponse,
      responseDescription: 'Per-agent failures',
      window: ({ query, now }) => utcDayRange(now, query.days),
      answer: (client, { tenantId, query, now }) =>
        getAgentFailures(client, { tenantId, days: query.days, now }),
    }),
  ],
};
