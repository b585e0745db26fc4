import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { getTokenTrend } from './getTokenTrend.js';
import { dailyMetricsProjection } from './projection.js';
import { tokenTrendQuery } from './request.js';
import { tokenTrendResponse } from './response.js';

export const dailyMetricsReadModel: ReadModel = {
  projection: dailyMetricsProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/tokens',
      summary: 'Daily agent token issuances',
      description: 'One entry per UTC day of the window ending today; days without tokens count 0.',
      query: tokenTrendQuery,
      response: tokenTrendResponse,
      responseDescription: 'Token trend',
      answer: (client, { tenantId, query, now }) =>
        getTokenTrend(client, { tenantId, days: query.days, now }),
    }),
  ],
};
