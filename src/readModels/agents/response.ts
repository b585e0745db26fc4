import { z } from 'zod';
import { agentQuotaView } from '../monthlyTokens/response.js';

export { agentQuotaView };

// The response body; it imports only zod and the usage response (for the
// quota), so the portal could validate upstream answers with this very schema.
export const agentStatus = z.enum(['active', 'deactivated']);

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
