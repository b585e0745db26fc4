import { NotFoundError } from '../errors.js';
import { agentActivityProjection } from './agentActivity/projection.js';
import { agentsProjection } from './agents/projection.js';
import { dailyMetricsProjection } from './dailyMetrics/projection.js';
import { monthlyTokensProjection } from './monthlyTokens/projection.js';
import type { Projection } from '../projections/Projection.js';
import { revokedTokensProjection } from './revokedTokens/projection.js';

export const allProjections: readonly Projection[] = [
  dailyMetricsProjection,
  agentActivityProjection,
  monthlyTokensProjection,
  agentsProjection,
  revokedTokensProjection,
];

export function findProjection(name: string): Projection {
  const found = allProjections.find((projection) => projection.name === name);
  if (!found) {
    const known = allProjections.map((projection) => projection.name).join(', ');
    throw new NotFoundError(`Unknown projection ${name} (known: ${known})`);
  }
  return found;
}
