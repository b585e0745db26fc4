import { randomUUID } from 'node:crypto';
import type { Pool } from '../../../src/db/pool.js';
import { bumpTenantVersions } from '../../../src/projections/runner/readModelVersions.js';

// Writes read-model rows the way the projections do, as the table owner
// (row-level security does not apply to it), moving the tenant's read-model
// version as a projection batch does.

export async function insertDailyMetric(
  pool: Pool,
  row: { tenantId: string; date: string; metric: string; count: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO analytics_events (tenant_id, date, metric_type, count) VALUES ($1, $2, $3, $4)`,
    [row.tenantId, row.date, row.metric, row.count],
  );
  await bumpTenantVersions(pool, 'dailyMetrics', [row.tenantId]);
}

export async function insertHourlyActivity(
  pool: Pool,
  row: { tenantId: string; agentId: string; hour: string; count: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO agent_activity_hourly (tenant_id, agent_id, hour, count) VALUES ($1, $2, $3, $4)`,
    [row.tenantId, row.agentId, row.hour, row.count],
  );
  await bumpTenantVersions(pool, 'agentActivity', [row.tenantId]);
}

export async function insertMonthlyTokens(
  pool: Pool,
  row: { tenantId: string; agentId: string; month: string; count: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO agent_monthly_tokens (tenant_id, month, agent_id, token_count) VALUES ($1, $2, $3, $4)`,
    [row.tenantId, row.month, row.agentId, row.count],
  );
  await bumpTenantVersions(pool, 'monthlyTokens', [row.tenantId]);
}

export interface AgentRowInput {
  tenantId: string;
  agentId?: string;
  name: string;
  status?: 'active' | 'deactivated';
  registeredAt?: string;
}

export async function insertAgent(pool: Pool, input: AgentRowInput): Promise<string> {
  const agentId = input.agentId ?? randomUUID();
  const registeredAt = input.registeredAt ?? '2026-01-01T00:00:00.000Z';
  const status = input.status ?? 'active';
  await pool.query(
    `INSERT INTO agents (tenant_id, agent_id, client_id, name, description, scopes, status,
                         registered_at, updated_at, deactivated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
    [
      input.tenantId,
      agentId,
      `agt_${agentId.replaceAll('-', '').slice(0, 20)}`,
      input.name,
      `${input.name} description`,
      ['analytics:read'],
      status,
      registeredAt,
      status === 'deactivated' ? registeredAt : null,
    ],
  );
  await bumpTenantVersions(pool, 'agents', [input.tenantId]);
  return agentId;
}
