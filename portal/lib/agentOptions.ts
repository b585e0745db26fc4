// The agents offered in the heatmap's agent picker.
import type { ActivityBucket, AgentUsage } from '#lib/analyticsSchemas';
import { agentLabel } from '#lib/agentUsage';

export interface AgentOption {
  id: string;
  label: string;
}

/**
 * Every agent from the usage list plus any agent that only shows up in the activity data
 * (for example one with no tokens this month), sorted by label.
 */
export function agentOptions(
  agents: readonly AgentUsage[],
  buckets: readonly ActivityBucket[],
): AgentOption[] {
  const names = new Map(agents.map((agent) => [agent.agent_id, agent.name]));
  const ids = new Set([...names.keys(), ...buckets.map((bucket) => bucket.agent_id)]);
  return [...ids]
    .map((id) => ({ id, label: agentLabel(id, names.get(id)) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base', numeric: true }));
}
