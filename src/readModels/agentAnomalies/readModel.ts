import { analyticsEndpoint, type ReadModel } from '../ReadModel.js';
import { getAnomalies } from './getAnomalies.js';
import { agentAnomaliesProjection } from './projection.js';
import { anomaliesQuery } from './request.js';
import { anomaliesResponse } from './response.js';

export const agentAnomaliesReadModel: ReadModel = {
  projection: agentAnomaliesProjection,
  endpoints: [
    analyticsEndpoint({
      path: '/anomalies',
      summary: 'Per-agent anomalies by UTC hour',
      description:
        'Each closed UTC hour of each agent compared with the same hour of the week in the previous weeks (see docs/api.md for the model). Hours are judged by the projection once a later event of the tenant closes them; hours the clock has closed since the tenant’s last event are judged when asked.',
      query: anomaliesQuery,
      response: anomaliesResponse,
      responseDescription: 'Anomalies',
      answer: (client, { tenantId, query, now }) =>
        getAnomalies(client, { tenantId, days: query.days, now }),
    }),
  ],
};
