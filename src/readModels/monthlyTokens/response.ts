import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
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

export const agentUsageComparisonResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string(),
      token_count: z.number().int().min(0).meta({ description: 'Tokens this UTC month.' }),
      previous_month_count: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'Tokens in the whole previous UTC month.' }),
    }),
  )
  .meta({
    id: 'AgentUsageComparison',
    description:
      'Every agent with its tokens this UTC calendar month and last month, by token_count descending, then name.',
  });
