import { z } from 'zod';

// The response bodies; they import only zod, so the portal validates upstream
// answers with these very schemas.
export const scopeUsageResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string().meta({ description: 'The agent’s current name.' }),
      granted: z.array(z.string()).meta({ description: 'The agent’s current allowed scopes.' }),
      used: z.record(z.string(), z.number().int().min(1)).meta({
        description:
          'Tokens issued per scope in the last 30 UTC days, today included; a scope no longer granted still shows here.',
      }),
      unused: z
        .array(z.string())
        .meta({ description: 'Granted scopes no token carried in the window.' }),
    }),
  )
  .meta({
    id: 'ScopeUsage',
    description: 'Every agent of the tenant (active and deactivated), by name then agent_id.',
  });

export const agentTokenTrendResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'UTC day, YYYY-MM-DD.' }),
      count: z.number().int().min(0).meta({ description: 'Tokens issued to the agent that day.' }),
    }),
  )
  .meta({
    id: 'AgentTokenTrend',
    description: 'One entry per UTC day, ascending, the last one today; 0 on quiet days.',
  });
