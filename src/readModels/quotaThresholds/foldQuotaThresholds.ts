import { quotaPeriods, type QuotaMode, type QuotaPeriod } from '../../contract.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { alertId, type Alert } from '../../webhooks/alerts/alert.js';
import { utcPeriodWindow } from '../utcCalendar.js';
import { periodKey } from './quotaPeriods.js';

/** Percentages of the limit at which a quota.threshold alert goes out. */
export const quotaThresholds = [80, 100] as const;

/**
 * Alerts for periods that ended longer ago than this are not produced: a
 * first run or a rebuild over old history has nothing current to say.
 */
export const alertGraceMs = 3_600_000;

export interface AgentQuota {
  /** The AgentQuotaSet event: a quota set again is a new quota with alerts of its own. */
  id: string;
  limit: number;
  period: QuotaPeriod;
  mode: QuotaMode;
}

/** Per agent: its quota, and its tokens in the current hour, day and month. */
export interface AgentQuotaUsage {
  tenantId: string;
  agentId: string;
  quota: AgentQuota | null;
  usage: Record<QuotaPeriod, { key: string; count: number }>;
}

export function usageKey(tenantId: string, agentId: string): string {
  return `${tenantId}|${agentId}`;
}

function emptyUsage(tenantId: string, agentId: string): AgentQuotaUsage {
  return {
    tenantId,
    agentId,
    quota: null,
    usage: {
      hour: { key: '', count: 0 },
      day: { key: '', count: 0 },
      month: { key: '', count: 0 },
    },
  };
}

// The fold changes its own copies only; `current` is the caller's. A plain
// copy of the known shape: structuredClone of every agent's row was a visible
// share of the workers' CPU under token traffic.
function copyOf(row: AgentQuotaUsage): AgentQuotaUsage {
  const { hour, day, month } = row.usage;
  return {
    tenantId: row.tenantId,
    agentId: row.agentId,
    quota: row.quota ? { ...row.quota } : null,
    usage: { hour: { ...hour }, day: { ...day }, month: { ...month } },
  };
}

function needed(limit: number, threshold: number): number {
  return Math.ceil((limit * threshold) / 100);
}

function thresholdAlert(
  row: AgentQuotaUsage,
  quota: AgentQuota,
  key: string,
  threshold: number,
  occurredAt: Date,
): Alert {
  return {
    id: alertId('quota.threshold', row.tenantId, [row.agentId, quota.id, key, String(threshold)]),
    tenantId: row.tenantId,
    type: 'quota.threshold',
    occurredAt,
    data: {
      agentId: row.agentId,
      threshold,
      used: row.usage[quota.period].count,
      limit: quota.limit,
      period: quota.period,
      periodStart: utcPeriodWindow(quota.period, occurredAt).start.toISOString(),
      mode: quota.mode,
    },
  };
}

/**
 * Folds a batch into the agents' usage rows (pure) and says which thresholds
 * it crossed: at most one alert per agent, quota, period and threshold, as
 * the alert id is made of exactly those. A quota set when usage is already
 * past a threshold alerts at once.
 */
export function foldQuotaThresholds(
  current: ReadonlyMap<string, AgentQuotaUsage>,
  events: readonly ProjectedEvent[],
  now: Date,
): { changed: AgentQuotaUsage[]; alerts: Alert[] } {
  const changed = new Map<string, AgentQuotaUsage>();
  const alerts: Alert[] = [];
  const rowOf = (tenantId: string, agentId: string): AgentQuotaUsage => {
    const key = usageKey(tenantId, agentId);
    let row = changed.get(key);
    if (!row) {
      const existing = current.get(key);
      row = existing ? copyOf(existing) : emptyUsage(tenantId, agentId);
      changed.set(key, row);
    }
    return row;
  };
  const alertIfCurrent = (
    row: AgentQuotaUsage,
    quota: AgentQuota,
    key: string,
    threshold: number,
    at: Date,
  ) => {
    // `at` lies in the period `key` names.
    if (utcPeriodWindow(quota.period, at).end.getTime() + alertGraceMs <= now.getTime()) return;
    alerts.push(thresholdAlert(row, quota, key, threshold, at));
  };

  for (const event of events) {
    switch (event.type) {
      case 'AgentQuotaSet': {
        const row = rowOf(event.tenantId, event.data.agentId);
        const { limit, period, mode } = event.data;
        const quota = { id: event.id, limit, period, mode };
        row.quota = quota;
        const key = periodKey(period, event.occurredAt);
        const used = row.usage[period].key === key ? row.usage[period].count : 0;
        for (const threshold of quotaThresholds) {
          if (used >= needed(limit, threshold)) {
            alertIfCurrent(row, quota, key, threshold, event.occurredAt);
          }
        }
        break;
      }
      case 'AgentQuotaRemoved':
        rowOf(event.tenantId, event.data.agentId).quota = null;
        break;
      case 'TokenIssued': {
        if (event.data.agentId === null) break;
        const row = rowOf(event.tenantId, event.data.agentId);
        for (const period of quotaPeriods) {
          const key = periodKey(period, event.occurredAt);
          const usage = row.usage[period];
          if (usage.key > key) continue; // an earlier period, already closed here
          if (usage.key < key) row.usage[period] = { key, count: 0 };
          const before = row.usage[period].count;
          row.usage[period].count = before + 1;
          const quota = row.quota;
          if (quota?.period !== period) continue;
          for (const threshold of quotaThresholds) {
            const need = needed(quota.limit, threshold);
            if (before < need && before + 1 >= need) {
              alertIfCurrent(row, quota, key, threshold, event.occurredAt);
            }
          }
        }
        break;
      }
      case 'TenantCreated':
      case 'TenantAdminClientIssued':
      case 'TenantAdminSecretRotated':
      case 'TenantTimeZoneChanged':
      case 'AgentRegistered':
      case 'AgentUpdated':
      case 'AgentSecretRotated':
      case 'AgentDeactivated':
      case 'TokenRevoked':
      case 'TokenRequestRejected':
      case 'WebhookSubscribed':
      case 'WebhookUnsubscribed':
        break;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }
  return { changed: [...changed.values()], alerts };
}
