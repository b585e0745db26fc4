import { z } from 'zod';
import { agentQuotaView } from '../agents/response.js';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
export const agentUsageResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string(),
      token_count: z.number().int().min(0),
      quota: agentQuotaView.nullable().meta({ description: 'null: no quota.' }),
    }),
  )
  .meta({
    id: 'AgentUsage',
    description:
      'Every agent with its tokens issued in the current UTC calendar month, by token_count descending, then name.',
  });
