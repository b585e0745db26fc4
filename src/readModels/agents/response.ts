import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
export const agentStatus = z.enum(['active', 'deactivated']);

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

export const agentView = z
  .object({
    agent_id: z.uuid(),
    client_id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    scopes: z.array(z.string()),
    status: agentStatus,
    registered_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    deactivated_at: z.iso.datetime().nullable(),
    quota: agentQuotaView.nullable().meta({ description: 'null: no quota.' }),
  })
  .meta({ id: 'Agent' });

export const agentsPage = z
  .object({
    items: z.array(agentView),
    next_cursor: z.string().nullable().meta({ description: 'null on the last page.' }),
  })
  .meta({ id: 'AgentsPage', description: 'Newest registration first.' });
