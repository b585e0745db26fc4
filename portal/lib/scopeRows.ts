// An agent's scopes as table rows: granted or not, how often used, and what to do about it.
import type { AgentScopeUsage } from '#lib/analyticsSchemas';

export type ScopeStatus = 'used' | 'unused' | 'no longer granted';

export interface ScopeRow {
  scope: string;
  granted: boolean;
  tokens: number;
  status: ScopeStatus;
}

/** Granted scopes in their order, then scopes used but no longer granted, by name. */
export function scopeRows(usage: AgentScopeUsage): ScopeRow[] {
  const granted = new Set(usage.granted);
  const revoked = Object.keys(usage.used)
    .filter((scope) => !granted.has(scope))
    .sort();
  return [...usage.granted, ...revoked].map((scope) => {
    const tokens = usage.used[scope] ?? 0;
    const isGranted = granted.has(scope);
    const status: ScopeStatus = !isGranted ? 'no longer granted' : tokens > 0 ? 'used' : 'unused';
    return { scope, granted: isGranted, tokens, status };
  });
}
