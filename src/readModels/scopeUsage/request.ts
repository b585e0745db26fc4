import { z } from 'zod';
import { maxTrendDays } from '../../contract.js';
import { integerParam, uuidParam } from '../../http/queryParams.js';

export const scopeUsageQuery = z.strictObject({
  agent_id: uuidParam.optional().meta({ description: 'Only this agent.' }),
});

export const agentTokenTrendQuery = z.strictObject({
  agent_id: uuidParam.meta({ description: 'The agent (required).' }),
  days: integerParam({
    min: 1,
    max: maxTrendDays,
    default: 30,
    maxMessage: `the maximum is ${maxTrendDays} days`,
    description: `Number of UTC days ending today (1..${maxTrendDays}).`,
  }),
});
