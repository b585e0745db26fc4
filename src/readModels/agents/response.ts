import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
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
  })
  .meta({ id: 'Agent' });

export const agentsPage = z
  .object({
    items: z.array(agentView),
    next_cursor: z.string().nullable().meta({ description: 'null on the last page.' }),
  })
  .meta({ id: 'AgentsPage', description: 'Newest registration first.' });
