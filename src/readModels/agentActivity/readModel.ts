import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { utcDayRange } from '../utcCalendar.js';
import { getActivityHeatmapJson } from './getActivityHeatmap.js';
import { heatmapDays, heatmapWindowStart } from './heatmapWindow.js';
import { agentActivityProjection } from './projection.js';
import { activityHeatmapQuery } from './request.js';
import { activityHeatmapResponse } from './response.js';

export const agentActivityReadModel: ReadModel = {
  projection: agentActivityProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/agents/activity',
      summary: 'Activity heatmap: per agent, by UTC day of week and hour, last 30 days',
      query: activityHeatmapQuery,
      response: activityHeatmapResponse,
      responseDescription: 'Activity buckets',
      window: ({ now }) => utcDayRange(now, heatmapDays),
      // The answer runs to thousands of rows for a large tenant.
      cachedUntilWriteOf: [agentActivityProjection.name],
      cacheKey: ({ query, now }) =>
        ['activity', query.agent_id ?? '*', heatmapWindowStart(now).toISOString()].join('|'),
      answerJson: (client, { tenantId, query, now }) =>
        getActivityHeatmapJson(client, { tenantId, agentId: query.agent_id, now }),
    }),
  ],
};
