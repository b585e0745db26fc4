import { z } from 'zod';

// The response bodies; they import only zod, so the portal validates upstream
// answers with these very schemas.
export const failureTrendResponse = z
  .array(
    z.object({
      date: z.iso.date().meta({ description: 'UTC day, YYYY-MM-DD.' }),
      reason: z.string().meta({
        description:
          'The OAuth error code recorded, e.g. invalid_client, invalid_scope, rate_limited.',
      }),
      count: z.number().int().min(1).meta({ description: 'Failed token requests that day.' }),
    }),
  )
  .meta({
    id: 'FailureTrend',
    description:
      'Failed token requests per UTC day and reason, ascending by date then reason; days without failures are omitted.',
  });

export const agentFailuresResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string().meta({ description: 'The agent’s current name.' }),
      failures: z.number().int().min(1),
      by_reason: z.record(z.string(), z.number().int().min(1)),
      last_failure_at: z.iso.datetime({ offset: true }),
    }),
  )
  .meta({
    id: 'AgentFailures',
    description:
      'Agents with failed token requests in the window, most failures first, then agent_id; admin-client failures are not listed.',
  });
