import { agentActivityReadModel } from './agentActivity/readModel.js';
import { agentAnomaliesReadModel } from './agentAnomalies/readModel.js';
import { agentTokenHoursReadModel } from './agentTokenHours/readModel.js';
import { agentsReadModel } from './agents/readModel.js';
import { dailyMetricsReadModel } from './dailyMetrics/readModel.js';
import { monthlyTokensReadModel } from './monthlyTokens/readModel.js';
import type { ReadModel } from './ReadModel.js';
import { revokedTokensReadModel } from './revokedTokens/readModel.js';
import { scopeUsageReadModel } from './scopeUsage/readModel.js';
import { tokenFailuresReadModel } from './tokenFailures/readModel.js';
import { quotaThresholdsReadModel } from './quotaThresholds/readModel.js';
import { tenantSettingsReadModel } from './tenantSettings/readModel.js';

/** Every read model: the workers run their projections, the API serves their endpoints. */
export const readModels: readonly ReadModel[] = [
  dailyMetricsReadModel,
  agentActivityReadModel,
  monthlyTokensReadModel,
  agentsReadModel,
  revokedTokensReadModel,
  tokenFailuresReadModel,
  scopeUsageReadModel,
  quotaThresholdsReadModel,
  agentAnomaliesReadModel,
  agentTokenHoursReadModel,
  tenantSettingsReadModel,
];
