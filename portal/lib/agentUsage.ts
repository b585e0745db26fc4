// Per-agent usage rows for the month: shares of the total, sorting and totals.
import type { AgentUsage } from '#lib/analyticsSchemas';

/** A usage row, with last month's count when the answer carries it. */
export interface AgentUsageInput extends AgentUsage {
  previous_month_count?: number;
}

export interface AgentUsageRow extends AgentUsageInput {
  /** Fraction of the month's tokens, 0..1; 0 when nothing was issued. */
  share: number;
}

export type UsageSortKey = 'name' | 'token_count' | 'previous_month_count' | 'share';
export type SortDirection = 'ascending' | 'descending';
export interface UsageSort {
  key: UsageSortKey;
  direction: SortDirection;
}

export const DEFAULT_USAGE_SORT: UsageSort = { key: 'token_count', direction: 'descending' };

export function totalTokens(agents: readonly AgentUsage[]): number {
  return agents.reduce((sum, agent) => sum + agent.token_count, 0);
}

export function totalPreviousMonth(agents: readonly AgentUsageInput[]): number {
  return agents.reduce((sum, agent) => sum + (agent.previous_month_count ?? 0), 0);
}

/** This month's rows (with quotas) and last month's count beside each, once it has arrived. */
export function withPreviousMonth(
  agents: readonly AgentUsage[],
  previous: readonly { agent_id: string; previous_month_count: number }[] | undefined,
): AgentUsageInput[] {
  if (previous === undefined) return [...agents];
  const counts = new Map(previous.map((row) => [row.agent_id, row.previous_month_count]));
  return agents.map((agent) => ({
    ...agent,
    previous_month_count: counts.get(agent.agent_id) ?? 0,
  }));
}

export function withShares(agents: readonly AgentUsageInput[]): AgentUsageRow[] {
  const total = totalTokens(agents);
  return agents.map((agent) => ({ ...agent, share: total === 0 ? 0 : agent.token_count / total }));
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A sorted copy; ties fall back to name, then id, so the order never flickers between refreshes. */
export function sortUsage(rows: readonly AgentUsageRow[], sort: UsageSort): AgentUsageRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const primary =
      sort.key === 'name'
        ? collator.compare(a.name, b.name)
        : (a[sort.key] ?? 0) - (b[sort.key] ?? 0);
    return (
      sign * primary ||
      collator.compare(a.name, b.name) ||
      (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : 0)
    );
  });
}

/** Clicking the active column flips it; a new column starts with its natural direction. */
export function nextSort(current: UsageSort, key: UsageSortKey): UsageSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: key === 'name' ? 'ascending' : 'descending' };
}

/** An agent's display name, or a short id when the name is unknown or empty. */
export function agentLabel(agentId: string, name: string | undefined): string {
  return name !== undefined && name !== '' ? name : `Agent ${agentId.slice(0, 8)}`;
}
