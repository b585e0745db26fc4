import { z } from 'zod';
import { cursorParam, integerParam, uuidParam } from '../../http/queryParams.js';
import { agentStatus } from './response.js';

export const agentsQuery = z.strictObject({
  limit: integerParam({ min: 1, max: 200, default: 50, description: 'Page size (1..200).' }),
  cursor: cursorParam,
  status: agentStatus.optional().meta({ description: 'Only agents with this status.' }),
});

export const agentParams = z.strictObject({ id: uuidParam.meta({ description: 'Agent id.' }) });
