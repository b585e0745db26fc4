import { agentsProjection } from '../agents/projection.js';
import { agentTokenHoursProjection } from '../agentTokenHours/projection.js';
import { utcPeriodWindow } from '../utcCalendar.js';
import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { getAgentUsageJson, usageMonth } from './getAgentUsage.js';
import { monthlyTokensProjection } from './projection.js';
import { agentUsageQuery } from './request.js';
import { agentUsageResponse } from './response.js';

export const monthlyTokensReadModel: ReadModel = {
  projection: monthlyTokensProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/agents',
      summary: 'Per-agent token issuances in the current UTC calendar month, with quotas',
      query: agentUsageQuery,
      response: agentUsageResponse,
      responseDescription: 'Per-agent usage',
      // Every agent is listed, with its current name and quota: the agents
      // table counts too, and a quota's use comes from agentTokenHours. An
      // hourly quota's period changes every hour, so the hour is in the key.
      cachedUntilWriteOf: [
        agentsProjection.name,
        monthlyTokensProjection.name,
        agentTokenHoursProjection.name,
      ],
      cacheKey: ({ now }) =>
        ['usage', usageMonth(now), utcPeriodWindow('hour', now).start.toISOString()].join('|'),
      answerJson: (client, { tenantId, now }) => getAgentUsageJson(client, { tenantId, now }),
    }),
  ],
};
