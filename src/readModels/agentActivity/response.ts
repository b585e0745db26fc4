import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
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
