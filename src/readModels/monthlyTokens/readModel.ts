import { agentsProjection } from '../agents/projection.js';
import { agentTokenHoursProjection } from '../agentTokenHours/projection.js';
import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { utcDate, utcPeriodWindow } from '../utcCalendar.js';
import { getAgentUsageJson, usageMonth } from './getAgentUsage.js';
import { getUsageComparisonJson, previousUsageMonth } from './getUsageComparison.js';
import { monthlyTokensProjection } from './projection.js';
import { agentUsageQuery } from './request.js';
import { agentUsageComparisonResponse, agentUsageResponse } from './response.js';

export const monthlyTokensReadModel: ReadModel = {
  projection: monthlyTokensProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/agents',
      summary: 'Per-agent token issuances in the current UTC calendar month, with quotas',
      query: agentUsageQuery,
      response: agentUsageResponse,
      responseDescription: 'Per-agent usage',
      window: ({ now }) => ({ first: usageMonth(now), last: utcDate(now) }),
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
    analyticsEndpoint({
      path: '/agents/comparison',
      summary: 'Per-agent token issuances this UTC month and last month',
      query: agentUsageQuery,
      response: agentUsageComparisonResponse,
      responseDescription: 'Per-agent usage beside last month',
      window: ({ now }) => ({ first: previousUsageMonth(now), last: utcDate(now) }),
      cachedUntilWriteOf: [agentsProjection.name, monthlyTokensProjection.name],
      cacheKey: ({ now }) => ['usage-comparison', usageMonth(now)].join('|'),
      answerJson: (client, { tenantId, now }) => getUsageComparisonJson(client, { tenantId, now }),
    }),
  ],
};
