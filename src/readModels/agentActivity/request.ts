import { z } from 'zod';
import { uuidParam } from '../../http/queryParams.js';

export const activityHeatmapQuery = z.strictObject({
  agent_id: uuidParam.optional().meta({ description: 'Only this agent.' }),
});
