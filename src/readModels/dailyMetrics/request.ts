import { z } from 'zod';
import { maxTrendDays } from '../../contract.js';
import { integerParam } from '../../http/queryParams.js';

export const tokenTrendQuery = z.strictObject({
  days: integerParam({
    min: 1,
    max: maxTrendDays,
    default: 30,
    maxMessage: `the maximum is ${maxTrendDays} days`,
    description: `Number of days ending today in the reporting time zone (1..${maxTrendDays}).`,
  }),
});
