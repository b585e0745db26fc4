import { z } from 'zod';
import { cursorParam, integerParam, uuidParam } from '../../http/queryParams.js';

export const agentStatus = z.enum(['active', 'deactivated']);

export const agentsQuery = z.strictObject({
  limit: integerParam({ min: 1, max: 200, default: 50, description: 'Page size (1..200).' }),
  cursor: cursorParam,
  status: agentStatus.optional().meta({ description: 'Only agents with this status.' }),
});

export const agentParams = z.strictObject({ id: uuidParam.meta({ description: 'Agent id.' }) });

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
