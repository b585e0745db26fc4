import { z } from 'zod';
import { maxTrendDays } from '../../contract.js';
import { integerParam } from '../../http/queryParams.js';

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
