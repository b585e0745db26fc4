import { z } from 'zod';
import { integerParam, noQueryParams, uuidParam } from './queryParams.js';

export const maxTrendDays = 90;

export const tokenTrendQuery = z.strictObject({
  days: integerParam({
    min: 1,
    max: maxTrendDays,
    default: 30,
    maxMessage: `the maximum is ${maxTrendDays} days`,
    description: `Number of UTC days ending today (1..${maxTrendDays}).`,
  }),
});

export const tokenTrendResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'UTC day, YYYY-MM-DD.' }),
      count: z.number().int().min(0).meta({ description: 'Agent tokens issued that day.' }),
    }),
  )
  .meta({ id: 'TokenTrend', description: 'One entry per UTC day, ascending; 0 on quiet days.' });

export const activityHeatmapQuery = z.strictObject({
  agent_id: uuidParam.optional().meta({ description: 'Only this agent.' }),
});

export const activityHeatmapResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      dow: z
        .number()
        .int()
        .min(0)
        .max(6)
        .meta({ description: '0 = Sunday .. 6 = Saturday (UTC).' }),
      hour: z.number().int().min(0).max(23).meta({ description: 'Hour of day (UTC).' }),
      count: z.number().int().min(1),
    }),
  )
  .meta({
    id: 'ActivityHeatmap',
    description: 'Non-empty buckets of the last 30 UTC days, ordered by agent_id, dow, hour.',
  });

export const agentUsageQuery = noQueryParams;

export const agentUsageResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string(),
      token_count: z.number().int().min(0),
    }),
  )
  .meta({
    id: 'AgentUsage',
    description:
      'Every agent with its tokens issued in the current UTC calendar month, by token_count descending, then name.',
  });
