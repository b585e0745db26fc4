import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
export const tokenTrendResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'Day in the reporting time zone, YYYY-MM-DD.' }),
      count: z.number().int().min(0).meta({ description: 'Agent tokens issued that day.' }),
    }),
  )
  .meta({
    id: 'TokenTrend',
    description: 'One entry per day in the reporting time zone, ascending; 0 on quiet days.',
  });

export const tokenComparisonResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'Day of the current period (reporting time zone).' }),
      count: z.number().int().min(0).meta({ description: 'Agent tokens issued that day.' }),
      previous_date: z.iso
        .date()
        .meta({ description: 'The same day of the previous period (`days` earlier).' }),
      previous_count: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'Agent tokens issued on previous_date.' }),
    }),
  )
  .meta({
    id: 'TokenTrendComparison',
    description:
      'The token trend beside the period of the same length just before it, day by day, ascending.',
  });
