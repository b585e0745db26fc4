import { agentsProjection } from '../agents/projection.js';
import { agentTokenHoursProjection } from '../agentTokenHours/projection.js';
import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { utcPeriodWindow } from '../utcCalendar.js';
import { localDateText } from '../../timeZones/zonedCalendar.js';
import { getAgentUsageJson } from './getAgentUsage.js';
import { getUsageComparisonJson } from './getUsageComparison.js';
import { localUsageMonth } from './localMonth.js';
import { monthlyTokensProjection } from './projection.js';
import { agentUsageQuery } from './request.js';
import { agentUsageComparisonResponse, agentUsageResponse } from './response.js';

export const monthlyTokensReadModel: ReadModel = {
  projection: monthlyTokensProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/agents',
      summary: 'Per-agent token issuances in the current calendar month, with quotas',
      query: agentUsageQuery,
      response: agentUsageResponse,
      responseDescription: 'Per-agent usage',
      followsTimeZone: true,
      window: ({ now, timeZone }) => ({
        first: localUsageMonth(timeZone, now).month,
        last: localDateText(timeZone, now),
      }),
      // Every agent is listed, with its current name and quota: the agents
      // table counts too, and a quota's use comes from agentTokenHours. An
      // hourly quota's period changes every hour, so the hour is in the key.
      cachedUntilWriteOf: [
        agentsProjection.name,
        monthlyTokensProjection.name,
        agentTokenHoursProjection.name,
      ],
      cacheKey: ({ now, timeZone }) =>
        [
          'usage',
          localUsageMonth(timeZone, now).month,
          utcPeriodWindow('hour', now).start.toISOString(),
        ].join('|'),
      answerJson: (client, { tenantId, now, timeZone }) =>
        getAgentUsageJson(client, { tenantId, now, timeZone }),
    }),
    analyticsEndpoint({
      path: '/agents/comparison',
      summary: 'Per-agent token issuances this calendar month and last month',
      query: agentUsageQuery,
      response: agentUsageComparisonResponse,
      responseDescription: 'Per-agent usage beside last month',
      followsTimeZone: true,
      window: ({ now, timeZone }) => ({
        first: localUsageMonth(timeZone, now, 1).month,
        last: localDateText(timeZone, now),
      }),
      cachedUntilWriteOf: [agentsProjection.name, monthlyTokensProjection.name],
      cacheKey: ({ now, timeZone }) =>
        ['usage-comparison', localUsageMonth(timeZone, now).month].join('|'),
      answerJson: (client, { tenantId, now, timeZone }) =>
        getUsageComparisonJson(client, { tenantId, now, timeZone }),
    }),
  ],
};
