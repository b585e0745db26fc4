import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { withTenantScope } from '../../src/queries/tenantScope.js';
import { appendAgentUpdate, appendTokenIssued } from './support/auditEvents.js';
import { createQueryTestContext, type QueryTestContext } from './support/queryTestContext.js';
import {
  insertAgent,
  insertDailyMetric,
  insertHourlyActivity,
  insertMonthlyTokens,
} from './support/readModelRows.js';

const readTables = ['analytics_events', 'agent_activity_hourly', 'agent_monthly_tokens', 'agents'];

interface TenantData {
  tenantId: string;
  agents: string[];
  token: string;
}

// Two tenants with different data on the same days, hours and months, so any
// leak shows up as a wrong count, a foreign agent id or a foreign event.
async function seedTenant(ctx: QueryTestContext, scale: number): Promise<TenantData> {
  const tenantId = randomUUID();
  const agents: string[] = [];
  for (let index = 0; index < 2; index += 1) {
    const agentId = await insertAgent(ctx.db.pool, {
      tenantId,
      name: `t${scale} agent ${index}`,
      registeredAt: `2026-01-0${index + 1}T00:00:00Z`,
      status: index === 0 ? 'active' : 'deactivated',
    });
    agents.push(agentId);
    await insertHourlyActivity(ctx.db.pool, {
      tenantId,
      agentId,
      hour: '2026-03-15T09:00:00Z',
      count: scale,
    });
    await insertMonthlyTokens(ctx.db.pool, {
      tenantId,
      agentId,
      month: '2026-03-01',
      count: scale,
    });
    await appendTokenIssued(ctx.store, {
      tenantId,
      agentId,
      occurredAt: '2026-03-15T09:00:00.000Z',
    });
    await appendAgentUpdate(ctx.store, {
      tenantId,
      agentId,
      name: `renamed ${scale}`,
      occurredAt: '2026-03-15T09:30:00.000Z',
    });
  }
  await insertDailyMetric(ctx.db.pool, {
    tenantId,
    date: '2026-03-15',
    metric: 'token_issued',
    count: scale,
  });
  return { tenantId, agents, token: await ctx.tokenFor(tenantId) };
}

describe('tenant isolation', () => {
  let ctx: QueryTestContext;
  let a: TenantData;
  let b: TenantData;

  beforeAll(async () => {
    ctx = await createQueryTestContext('2026-03-15T10:30:00.000Z');
    a = await seedTenant(ctx, 3);
    b = await seedTenant(ctx, 1000);
  });
  afterAll(() => ctx.close());

  // Every endpoint with every parameter combination, including the other
  // tenant's ids as filters.
  function requestsFor(self: TenantData, other: TenantData): string[] {
    const paths: string[] = [];
    for (const days of ['', '?days=1', '?days=30', '?days=90'])
      paths.push(`/api/analytics/tokens${days}`);
    for (const agentId of [undefined, ...self.agents, ...other.agents]) {
      paths.push(`/api/analytics/agents/activity${agentId ? `?agent_id=${agentId}` : ''}`);
    }
    paths.push('/api/analytics/agents');
    for (const status of ['', 'active', 'deactivated']) {
      for (const limit of ['', '1', '200']) {
        const query = new URLSearchParams({
          ...(status ? { status } : {}),
          ...(limit ? { limit } : {}),
        }).toString();
        paths.push(`/api/agents${query ? `?${query}` : ''}`);
      }
    }
    for (const agentId of [...self.agents, ...other.agents]) paths.push(`/api/agents/${agentId}`);
    const types = ['', 'TokenIssued', 'AgentUpdated'];
    for (const agentId of ['', ...self.agents, ...other.agents]) {
      for (const type of types) {
        for (const window of [
          {},
          { from: '2026-03-15T00:00:00Z', to: '2026-03-16T00:00:00Z' },
        ] as Record<string, string>[]) {
          const query = new URLSearchParams({
            ...(agentId ? { agent_id: agentId } : {}),
            ...(type ? { type } : {}),
            ...window,
          }).toString();
          paths.push(`/api/audit/events${query ? `?${query}` : ''}`);
        }
      }
    }
    return paths;
  }

  function foreignMarkers(other: TenantData): string[] {
    return [
      other.tenantId,
      ...other.agents,
      `renamed ${other === a ? 3 : 1000}`,
      `t${other === a ? 3 : 1000} agent`,
    ];
  }

  it('Tenant sees only their own data', async () => {
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const path of requestsFor(self, other)) {
        const response = await request(ctx.app.callback())
          .get(path)
          .set('Authorization', `Bearer ${self.token}`);
        const foreignAgentLookup = other.agents.some((id) => path === `/api/agents/${id}`);
        expect([path, response.status]).toEqual([path, foreignAgentLookup ? 404 : 200]);
        // A problem's `instance` echoes the requested path, foreign id included.
        const text = JSON.stringify({ ...response.body, instance: undefined });
        for (const marker of foreignMarkers(other))
          expect([path, text.includes(marker)]).toEqual([path, false]);
        // Counts come from the caller's data only (scales 3 and 1000 never mix).
        for (const count of text.matchAll(/"(?:count|token_count)":(\d+)/g)) {
          expect([path, ['0', String(self === a ? 3 : 1000)]]).toEqual([
            path,
            expect.arrayContaining([count[1]]),
          ]);
        }
      }
    }
  });

  it('shows each tenant its own numbers', async () => {
    const trendA = await request(ctx.app.callback())
      .get('/api/analytics/tokens?days=1')
      .set('Authorization', `Bearer ${a.token}`);
    const trendB = await request(ctx.app.callback())
      .get('/api/analytics/tokens?days=1')
      .set('Authorization', `Bearer ${b.token}`);
    expect(trendA.body).toEqual([{ date: '2026-03-15', count: 3 }]);
    expect(trendB.body).toEqual([{ date: '2026-03-15', count: 1000 }]);
  });

  it('row-level security hides every read table from analytics_reader without the tenant setting', async () => {
    const client = await ctx.db.pool.connect();
    try {
      for (const table of readTables) {
        const owner = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect(owner.rows[0].n).toBeGreaterThan(0);
        await client.query('BEGIN');
        await client.query('SET LOCAL ROLE analytics_reader');
        const reader = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
        await client.query('ROLLBACK');
        expect([table, reader.rows[0].n]).toEqual([table, 0]);
      }
    } finally {
      client.release();
    }
  });

  it('row-level security limits a statement without a tenant filter to the scoped tenant', async () => {
    for (const table of readTables) {
      const tenants = await withTenantScope(ctx.db.pool, a.tenantId, async (client) => {
        const { rows } = await client.query<{ tenant_id: string }>(
          `SELECT DISTINCT tenant_id::text AS tenant_id FROM ${table}`,
        );
        return rows.map((row) => row.tenant_id);
      });
      expect([table, tenants]).toEqual([table, [a.tenantId]]);
    }
  });

  it('the tenant scope is read-only and ends with its transaction', async () => {
    await expect(
      withTenantScope(ctx.db.pool, a.tenantId, (client) =>
        client.query(`DELETE FROM agents WHERE tenant_id = $1`, [a.tenantId]),
      ),
    ).rejects.toThrow(/read-only/);
    const client = await ctx.db.pool.connect();
    try {
      const { rows } = await client.query(
        `SELECT current_user AS role, current_setting('app.tenant_id', true) AS tenant`,
      );
      expect(rows[0].role).not.toBe('analytics_reader');
      expect(rows[0].tenant ?? '').toBe('');
    } finally {
      client.release();
    }
  });
});
