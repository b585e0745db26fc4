import { NotFoundError } from '../errors.js';
import { agentActivityProjection } from './agentActivity.js';
import { agentsProjection } from './agentsDirectory.js';
import { dailyMetricsProjection } from './dailyMetrics.js';
import { monthlyTokensProjection } from './monthlyTokens.js';
import type { Projection } from './Projection.js';
import { revokedTokensProjection } from './revokedTokens.js';

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
