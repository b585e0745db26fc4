import { quotaPeriods, type QuotaMode, type QuotaPeriod } from '../../contract.js';
import type { ProjectedEvent } from '../../projections/projectedEvent.js';
import { alertId, type Alert } from '../../webhooks/alerts/alert.js';
import { utcPeriodWindow } from '../utcCalendar.js';
import { periodKey } from './quotaPeriods.js';
import { usageKey } from './usageKey.js';
import { foldUsageSteps, type AgentUsageSteps, type TokenRun } from './usageSteps.js';

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
  used: number,
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
      used,
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
  return applyUsageSteps(current, foldUsageSteps(events), now);
}

/** foldQuotaThresholds from a batch already folded into each agent's steps (usageSteps.ts). Pure. */
export function applyUsageSteps(
  current: ReadonlyMap<string, AgentQuotaUsage>,
  agents: readonly AgentUsageSteps[],
  now: Date,
): { changed: AgentQuotaUsage[]; alerts: Alert[] } {
  const changed: AgentQuotaUsage[] = [];
  const alerts: Alert[] = [];
  for (const { tenantId, agentId, steps } of agents) {
    const existing = current.get(usageKey(tenantId, agentId));
    const row = existing ? copyOf(existing) : emptyUsage(tenantId, agentId);
    changed.push(row);
    const alertIfCurrent = (
      quota: AgentQuota,
      key: string,
      threshold: number,
      used: number,
      at: Date,
    ) => {
      // `at` lies in the period `key` names.
      if (utcPeriodWindow(quota.period, at).end.getTime() + alertGraceMs <= now.getTime()) return;
      alerts.push(thresholdAlert(row, quota, key, threshold, used, at));
    };
    for (const step of steps) {
      switch (step.kind) {
        case 'quotaSet': {
          const { id, limit, period, mode } = step;
          const quota = { id, limit, period, mode };
          row.quota = quota;
          const at = new Date(step.at);
          const key = periodKey(period, at);
          const used = row.usage[period].key === key ? row.usage[period].count : 0;
          for (const threshold of quotaThresholds) {
            // The alert reports the row's count as it stands.
            if (used >= needed(limit, threshold)) {
              alertIfCurrent(quota, key, threshold, row.usage[period].count, at);
            }
          }
          break;
        }
        case 'quotaRemoved':
          row.quota = null;
          break;
        case 'tokens':
          addRun(row, step, alertIfCurrent);
          break;
        default: {
          const unknown: never = step;
          return unknown;
        }
      }
    }
  }
  return { changed, alerts };
}

// All tokens of a run share their hour, so their day and month too: each
// period's count moves by the run at once, and a threshold is crossed by
// the run's token that brings the count to it.
function addRun(
  row: AgentQuotaUsage,
  run: TokenRun,
  alertIfCurrent: (
    quota: AgentQuota,
    key: string,
    threshold: number,
    used: number,
    at: Date,
  ) => void,
): void {
  const hour = new Date(run.hour);
  const count = run.times.length;
  for (const period of quotaPeriods) {
    const key = periodKey(period, hour);
    const usage = row.usage[period];
    if (usage.key > key) continue; // an earlier period, already closed here
    if (usage.key < key) row.usage[period] = { key, count: 0 };
    const before = row.usage[period].count;
    row.usage[period].count = before + count;
    const quota = row.quota;
    if (quota?.period !== period) continue;
    for (const threshold of quotaThresholds) {
      const need = needed(quota.limit, threshold);
      if (before < need && before + count >= need) {
        alertIfCurrent(
          quota,
          key,
          threshold,
          need,
          new Date(run.times[need - before - 1] as number),
        );
      }
    }
  }
}
