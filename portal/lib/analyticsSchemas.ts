// The analytics API's response contract: the API's own schemas, not a copy.
// The portal server validates every upstream body against these before the
// browser sees it; the browser only imports the inferred types.
import type { z } from 'zod';
import { activityHeatmapResponse } from '../../src/readModels/agentActivity/response.ts';
import {
  tokenComparisonResponse,
  tokenTrendResponse,
} from '../../src/readModels/dailyMetrics/response.ts';
import {
  agentUsageComparisonResponse,
  agentUsageResponse,
} from '../../src/readModels/monthlyTokens/response.ts';

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
