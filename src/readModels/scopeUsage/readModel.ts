import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { getAgentTokenTrend } from './getAgentTokenTrend.js';
import { getScopeUsage } from './getScopeUsage.js';
import { scopeUsageProjection } from './projection.js';
import { agentTokenTrendQuery, scopeUsageQuery } from './request.js';
import { agentTokenTrendResponse, scopeUsageResponse } from './response.js';

export const scopeUsageReadModel: ReadModel = {
  projection: scopeUsageProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/scopes',
      summary: 'Per agent: granted scopes, their use in the last 30 UTC days, the unused ones',
      description:
        'Granted is the agent’s current scopes; used counts the scopes of tokens issued in the last 30 UTC days (today included); unused lists granted scopes no token carried.',
      query: scopeUsageQuery,
      response: scopeUsageResponse,
      responseDescription: 'Scope usage',
      answer: (client, { tenantId, query, now }) =>
        getScopeUsage(client, { tenantId, agentId: query.agent_id, now }),
    }),
    analyticsEndpoint({
      path: '/agents/tokens',
      summary: 'One agent’s tokens issued per UTC day',
      query: agentTokenTrendQuery,
      response: agentTokenTrendResponse,
      responseDescription: 'Agent token trend',
      answer: (client, { tenantId, query, now }) =>
        getAgentTokenTrend(client, { tenantId, agentId: query.agent_id, days: query.days, now }),
    }),
  ],
};
