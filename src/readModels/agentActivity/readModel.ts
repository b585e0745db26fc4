import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { localDayRange } from '../../timeZones/zonedCalendar.js';
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
      summary: 'Activity heatmap: per agent, by local day of week and hour, last 30 days',
      query: activityHeatmapQuery,
      response: activityHeatmapResponse,
      responseDescription: 'Activity buckets',
      followsTimeZone: true,
      window: ({ now, timeZone }) => localDayRange(timeZone, now, heatmapDays),
      // The answer runs to thousands of rows for a large tenant.
      cachedUntilWriteOf: [agentActivityProjection.name],
      cacheKey: ({ query, now, timeZone }) =>
        ['activity', query.agent_id ?? '*', heatmapWindowStart(timeZone, now).toISOString()].join(
          '|',
        ),
      answerJson: (client, { tenantId, query, now, timeZone }) =>
        getActivityHeatmapJson(client, { tenantId, agentId: query.agent_id, now, timeZone }),
    }),
  ],
};
