import { z } from 'zod';

// The response body; it imports only zod, so the portal validates upstream
// answers with this very schema.
export const anomaliesResponse = z
  .array(
    z.object({
      agent_id: z.uuid(),
      name: z.string().meta({ description: 'The agent’s current name.' }),
      kind: z.enum(['spike', 'drop', 'new_hour', 'failure_spike']).meta({
        description:
          'spike: tokens far above the baseline; drop: silent or near-silent in a normally busy hour; new_hour: active in an hour of the week never active in the baseline weeks; failure_spike: rejected token requests far above their baseline.',
      }),
      hour: z.iso.datetime({ offset: true }).meta({ description: 'Start of the UTC hour.' }),
      observed: z.number().int().min(0).meta({
        description: 'Tokens issued in the hour (rejected requests for failure_spike).',
      }),
      expected_low: z.number().int().min(0),
      expected_high: z.number().int().min(0),
      score: z.number().min(0).meta({
        description: 'Distance from the baseline median in robust standard deviations.',
      }),
    }),
  )
  .meta({
    id: 'Anomalies',
    description:
      'Per-agent anomalies in closed UTC hours of the window, newest hour first, then highest score.',
  });
