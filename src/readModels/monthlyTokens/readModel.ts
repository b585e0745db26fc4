import { agentsProjection } from '../agents/projection.js';
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
      summary: 'Per-agent token issuances in the current UTC calendar month',
      query: agentUsageQuery,
      response: agentUsageResponse,
      responseDescription: 'Per-agent usage',
      // Every agent is listed, with its current name: the agents table counts too.
      cachedUntilWriteOf: [agentsProjection.name, monthlyTokensProjection.name],
      cacheKey: ({ now }) => ['usage', usageMonth(now)].join('|'),
      answerJson: (client, { tenantId, now }) => getAgentUsageJson(client, { tenantId, now }),
    }),
  ],
};
