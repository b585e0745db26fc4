import type { QuotaMode, QuotaPeriod } from '../../contract.js';

/** An agent's token quota, as its last AgentQuotaSet says. */
export interface AgentQuota {
  limit: number;
  period: QuotaPeriod;
  mode: QuotaMode;
}

export function sameQuota(a: AgentQuota | null, b: AgentQuota | null): boolean {
  if (a === null || b === null) return a === b;
  return a.limit === b.limit && a.period === b.period && a.mode === b.mode;
}
