import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
export const tokenTrendResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'UTC day, YYYY-MM-DD.' }),
      count: z.number().int().min(0).meta({ description: 'Agent tokens issued that day.' }),
    }),
  )
  .meta({ id: 'TokenTrend', description: 'One entry per UTC day, ascending; 0 on quiet days.' });

export const tokenComparisonResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'UTC day of the current period.' }),
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
