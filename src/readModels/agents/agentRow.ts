import type { QuotaMode, QuotaPeriod } from '../../contract.js';
import { utcPeriodWindow } from '../utcCalendar.js';

/** An agent's quota with its use in the current UTC period. */
export interface AgentQuotaView {
  limit: number;
  period: QuotaPeriod;
  mode: QuotaMode;
  /** Tokens issued in [period_start, period_end), as far as the projections have come. */
  used: number;
  period_start: string;
  period_end: string;
}

// The agents read table as the API shows it.
export interface AgentView {
  agent_id: string;
  client_id: string;
  name: string;
  description: string | null;
  scopes: string[];
  status: 'active' | 'deactivated';
  registered_at: string;
  updated_at: string;
  deactivated_at: string | null;
  quota: AgentQuotaView | null;
}

/**
 * The columns of an agent row; `now` names the query parameter holding the
 * current instant, which places the quota's current period.
 */
export const agentColumns = (now: string) => `
  agent_id::text AS agent_id, client_id, name, description, scopes, status,
  registered_at, updated_at, deactivated_at,
  quota_limit::text AS quota_limit, quota_period, quota_mode,
  ${quotaUsedColumn('agents', now)} AS quota_used`;

/** Tokens the agent (a row of `agents` under the alias) was issued in its quota's current period; NULL without a quota. */
export function quotaUsedColumn(agents: string, now: string): string {
  return `CASE WHEN ${agents}.quota_period IS NULL THEN NULL ELSE
    (SELECT coalesce(sum(h.tokens), 0) FROM agent_token_hours h
      WHERE h.tenant_id = ${agents}.tenant_id AND h.agent_id = ${agents}.agent_id
        AND h.hour >= date_trunc(${agents}.quota_period, ${now}::timestamptz, 'UTC'))::text END`;
}

export interface AgentRow extends Omit<
  AgentView,
  'registered_at' | 'updated_at' | 'deactivated_at' | 'quota'
> {
  registered_at: Date;
  updated_at: Date;
  deactivated_at: Date | null;
  quota_limit: string | null;
  quota_period: QuotaPeriod | null;
  quota_mode: QuotaMode | null;
  quota_used: string | null;
}

export function toAgentView(row: AgentRow, now: Date): AgentView {
  return {
    agent_id: row.agent_id,
    client_id: row.client_id,
    name: row.name,
    description: row.description,
    scopes: row.scopes,
    status: row.status,
    registered_at: row.registered_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deactivated_at: row.deactivated_at?.toISOString() ?? null,
    quota: toQuotaView(row, now),
  };
}

export function toQuotaView(
  row: Pick<AgentRow, 'quota_limit' | 'quota_period' | 'quota_mode' | 'quota_used'>,
  now: Date,
): AgentQuotaView | null {
  if (row.quota_limit === null || row.quota_period === null || row.quota_mode === null) {
    return null;
  }
  const window = utcPeriodWindow(row.quota_period, now);
  return {
    limit: Number(row.quota_limit),
    period: row.quota_period,
    mode: row.quota_mode,
    used: Number(row.quota_used ?? 0),
    period_start: window.start.toISOString(),
    period_end: window.end.toISOString(),
  };
}
