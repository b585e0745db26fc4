// The analytics API's response contract: the API's own schemas, not a copy.
// The portal server validates every upstream body against these before the
// browser sees it; the browser only imports the inferred types.
import { z } from 'zod';
import { activityHeatmapResponse } from '../../src/readModels/agentActivity/response.ts';
import {
  tokenComparisonResponse,
  tokenTrendResponse,
} from '../../src/readModels/dailyMetrics/response.ts';
import {
  agentUsageComparisonResponse,
  agentUsageResponse,
} from '../../src/readModels/monthlyTokens/response.ts';
import {
  agentTokenTrendResponse,
  scopeUsageResponse,
} from '../../src/readModels/scopeUsage/response.ts';
import {
  agentFailuresResponse,
  failureTrendResponse,
} from '../../src/readModels/tokenFailures/response.ts';

export const tokenTrendSchema = tokenTrendResponse;
export type TokenDay = z.infer<typeof tokenTrendSchema>[number];

export const agentActivitySchema = activityHeatmapResponse;
export type ActivityBucket = z.infer<typeof agentActivitySchema>[number];

export const agentUsageSchema = agentUsageResponse;
export type AgentUsage = z.infer<typeof agentUsageSchema>[number];

export const tokenComparisonSchema = tokenComparisonResponse;
export type TokenComparisonDay = z.infer<typeof tokenComparisonSchema>[number];

export const agentUsageComparisonSchema = agentUsageComparisonResponse;
export type AgentUsageComparison = z.infer<typeof agentUsageComparisonSchema>[number];

export const failureTrendSchema = failureTrendResponse;
export type FailureCount = z.infer<typeof failureTrendSchema>[number];

export const agentFailuresSchema = agentFailuresResponse;
export type AgentFailures = z.infer<typeof agentFailuresSchema>[number];

export const scopeUsageSchema = scopeUsageResponse;
export type AgentScopeUsage = z.infer<typeof scopeUsageSchema>[number];

export const agentTokenTrendSchema = agentTokenTrendResponse;

// GET /api/analytics/anomalies: the shape the portal reads of it. An API
// without the endpoint answers 404, which the portal route turns into
// `available: false`. `kind` stays a string so a new kind is shown, not refused.
export const anomaliesSchema = z.array(
  z.object({
    agent_id: z.uuid(),
    name: z.string(),
    kind: z.string(),
    hour: z.iso.datetime({ offset: true }),
    observed: z.number(),
    expected_low: z.number(),
    expected_high: z.number(),
    score: z.number(),
  }),
);
export type Anomaly = z.infer<typeof anomaliesSchema>[number];
export interface Anomalies {
  available: boolean;
  anomalies: Anomaly[];
}

// GET /api/audit/events: the fields the agent page shows.
export const auditEventsSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      occurred_at: z.iso.datetime({ offset: true }),
      actor: z.object({ type: z.string(), id: z.string() }).loose(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  next_cursor: z.string().nullable(),
});
export type AuditEvents = z.infer<typeof auditEventsSchema>;
export type AuditEvent = AuditEvents['items'][number];
