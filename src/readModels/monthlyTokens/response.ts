import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
// An agent's quota as every read shows it (also GET /api/agents/:id); here,
// not in agents/, because the portal bundles this file and it must import
// only zod.
export const agentQuotaView = z
  .object({
    limit: z.number().int().min(1),
    period: z.enum(['hour', 'day', 'month']),
    mode: z.enum(['monitor', 'enforce']),
    used: z.number().int().min(0).meta({
      description:
        'Tokens issued in the current period, as far as the projections have come (the token endpoint counts in Redis and may be a moment ahead).',
    }),
    period_start: z.iso.datetime().meta({ description: 'Start of the current UTC period.' }),
    period_end: z.iso
      .datetime()
      .meta({ description: 'End of the current UTC period (exclusive).' }),
  })
  .meta({ id: 'AgentQuota' });

export const agentUsageResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string(),
      token_count: z.number().int().min(0),
      quota: agentQuotaView.optional().meta({ description: 'Absent: the agent has no quota.' }),
    }),
  )
  .meta({
    id: 'AgentUsage',
    description:
      'Every agent with its tokens issued in the current calendar month of the reporting time zone, by token_count descending, then name.',
  });

export const agentUsageComparisonResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string(),
      token_count: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'Tokens this month (reporting time zone).' }),
      previous_month_count: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'Tokens in the whole previous month (reporting time zone).' }),
    }),
  )
  .meta({
    id: 'AgentUsageComparison',
    description:
      'Every agent with its tokens this calendar month and last month (reporting time zone), by token_count descending, then name.',
  });
