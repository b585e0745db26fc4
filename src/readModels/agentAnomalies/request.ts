import { z } from 'zod';
import { maxTrendDays } from '../../contract.js';
import { integerParam } from '../../http/queryParams.js';

export const anomaliesQuery = z.strictObject({
  days: integerParam({
    min: 1,
    max: maxTrendDays,
    default: 7,
    maxMessage: `the maximum is ${maxTrendDays} days`,
    description: `Number of UTC days ending today (1..${maxTrendDays}).`,
  }),
});
