import pg from 'pg';
import type { QuotaMode, QuotaPeriod } from '../../contract.js';
import type { PoolClient } from '../../db/pool.js';
import { alertingProjection } from '../../webhooks/alerts/alertSource.js';
import { applyUsageSteps, type AgentQuotaUsage } from './foldQuotaThresholds.js';
import { usageKey } from './usageKey.js';
import { foldUsageSteps, type AgentUsageSteps } from './usageSteps.js';

export const quotaThresholdsTable = 'agent_quota_usage';

interface UsageRow {
  tenant_id: string;
  agent_id: string;
  quota_id: string | null;
  quota_limit: number | null;
  quota_period: QuotaPeriod | null;
  quota_mode: QuotaMode | null;
  hour_key: string;
  hour_count: number;
  day_key: string;
  day_count: number;
  month_key: string;
  month_count: number;
}

function toUsage(row: UsageRow): AgentQuotaUsage {
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    quota:
      row.quota_id && row.quota_limit !== null && row.quota_period && row.quota_mode
        ? {
            id: row.quota_id,
            limit: row.quota_limit,
            period: row.quota_period,
            mode: row.quota_mode,
          }
        : null,
    usage: {
      hour: { key: row.hour_key, count: Number(row.hour_count) },
      day: { key: row.day_key, count: Number(row.day_count) },
      month: { key: row.month_key, count: Number(row.month_count) },
    },
  };
}

async function loadUsage(
  client: PoolClient,
  table: string,
  agents: readonly AgentUsageSteps[],
): Promise<Map<string, AgentQuotaUsage>> {
  if (agents.length === 0) return new Map();
  const { rows } = await client.query<UsageRow>(
    `SELECT tenant_id, agent_id, quota_id, quota_limit, quota_period, quota_mode,
            hour_key, hour_count, day_key, day_count, month_key, month_count
       FROM ${pg.escapeIdentifier(table)}
      WHERE (tenant_id, agent_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
    [agents.map((agent) => agent.tenantId), agents.map((agent) => agent.agentId)],
  );
  return new Map(rows.map((row) => [usageKey(row.tenant_id, row.agent_id), toUsage(row)]));
}

async function saveUsage(client: PoolClient, table: string, rows: readonly AgentQuotaUsage[]) {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO ${pg.escapeIdentifier(table)}
       (tenant_id, agent_id, quota_id, quota_limit, quota_period, quota_mode,
        hour_key, hour_count, day_key, day_count, month_key, month_count)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[],
                          $7::text[], $8::bigint[], $9::text[], $10::bigint[], $11::text[],
                          $12::bigint[])
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET
       quota_id = excluded.quota_id, quota_limit = excluded.quota_limit,
       quota_period = excluded.quota_period, quota_mode = excluded.quota_mode,
       hour_key = excluded.hour_key, hour_count = excluded.hour_count,
       day_key = excluded.day_key, day_count = excluded.day_count,
       month_key = excluded.month_key, month_count = excluded.month_count`,
    [
      rows.map((r) => r.tenantId),
      rows.map((r) => r.agentId),
      rows.map((r) => r.quota?.id ?? null),
      rows.map((r) => r.quota?.limit ?? null),
      rows.map((r) => r.quota?.period ?? null),
      rows.map((r) => r.quota?.mode ?? null),
      rows.map((r) => r.usage.hour.key),
      rows.map((r) => r.usage.hour.count),
      rows.map((r) => r.usage.day.key),
      rows.map((r) => r.usage.day.count),
      rows.map((r) => r.usage.month.key),
      rows.map((r) => r.usage.month.count),
    ],
  );
}

/**
 * quota.threshold alerts: each agent's tokens in its current hour, day and
 * month against the quota its AgentQuotaSet events give it; 80 % and 100 %
 * alert once per agent, quota and period.
 */
export const quotaThresholdsProjection = alertingProjection<AgentUsageSteps[]>({
  name: 'quotaThresholds',
  table: quotaThresholdsTable,
  eventTypes: new Set(['TokenIssued', 'AgentQuotaSet', 'AgentQuotaRemoved']),
  fold: foldUsageSteps,
  async write(client, table, agents) {
    const current = await loadUsage(client, table, agents);
    const { changed, alerts } = applyUsageSteps(current, agents, new Date());
    await saveUsage(client, table, changed);
    return alerts;
  },
});
