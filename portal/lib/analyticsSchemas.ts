// The analytics API's response contract. The portal server validates every
// upstream body against these before the browser sees it; the browser only
// imports the inferred types.
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const tokenTrendSchema = z.array(
  z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), count }),
);
export type TokenDay = z.infer<typeof tokenTrendSchema>[number];

export const agentActivitySchema = z.array(
  z.object({
    agent_id: z.string().min(1),
    dow: z.number().int().min(0).max(6),
    hour: z.number().int().min(0).max(23),
    count,
  }),
);
export type ActivityBucket = z.infer<typeof agentActivitySchema>[number];

export const agentUsageSchema = z.array(
  z.object({ agent_id: z.string().min(1), name: z.string(), token_count: count }),
);
export type AgentUsage = z.infer<typeof agentUsageSchema>[number];
