import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { localDayRange } from '../../timeZones/zonedCalendar.js';
import { getTokenComparison } from './getTokenComparison.js';
import { getTokenTrend } from './getTokenTrend.js';
import { dailyMetricsProjection } from './projection.js';
import { tokenTrendQuery } from './request.js';
import { tokenComparisonResponse, tokenTrendResponse } from './response.js';

export const dailyMetricsReadModel: ReadModel = {
  projection: dailyMetricsProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/tokens',
      summary: 'Daily agent token issuances',
      description:
        "One entry per day of the window ending today, in the tenant's reporting time zone; days without tokens count 0.",
      followsTimeZone: true,
      query: tokenTrendQuery,
      response: tokenTrendResponse,
      responseDescription: 'Token trend',
      window: ({ query, now, timeZone }) => localDayRange(timeZone, now, query.days),
      answer: (client, { tenantId, query, now, timeZone }) =>
        getTokenTrend(client, { tenantId, days: query.days, now, timeZone }),
    }),
    analyticsEndpoint({
      path: '/tokens/comparison',
      summary: 'Daily agent token issuances beside the previous period',
      description:
        'The /tokens window with, per day, the same day of the `days` before it; sum each column for the totals.',
      followsTimeZone: true,
      query: tokenTrendQuery,
      response: tokenComparisonResponse,
      responseDescription: 'Token trend and previous period',
      window: ({ query, now, timeZone }) => localDayRange(timeZone, now, query.days),
      answer: (client, { tenantId, query, now, timeZone }) =>
        getTokenComparison(client, { tenantId, days: query.days, now, timeZone }),
    }),
  ],
};
