import type { CommandDeps } from '../../../src/commands/commandDeps.js';
import { removeAgentQuota, setAgentQuota } from '../../../src/commands/quotas/setAgentQuota.js';
import type { BenchAgent } from './tokenAgents.js';

/** A quota that is counted on every token request and never refuses one. */
export const monitorQuota = { limit: 1_000_000_000, period: 'month', mode: 'monitor' } as const;

/** Sets the monitor quota on every agent, or removes it, through the commands. */
export async function switchQuotas(
  deps: CommandDeps,
  agents: readonly BenchAgent[],
  on: boolean,
): Promise<void> {
  const origin = { actor: { type: 'cli', id: 'bench' } as const, correlationId: 'bench-quotas' };
  for (const agent of agents) {
    const input = { tenantId: agent.tenantId, agentId: agent.agentId, origin };
    if (on) await setAgentQuota(deps, { ...input, quota: monitorQuota });
    else await removeAgentQuota(deps, input);
  }
}
