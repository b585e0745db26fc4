import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { foldAgentActivity } from '../../src/readModels/agentActivity/projection.js';
import { foldDailyMetrics } from '../../src/readModels/dailyMetrics/projection.js';
import { foldMonthlyTokens } from '../../src/readModels/monthlyTokens/projection.js';
import type { ProjectedEvent } from '../../src/projections/projectedEvent.js';
import { clientIdFor, projected, tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();
const otherTenant = randomUUID();
const agent = randomUUID();
const otherAgent = randomUUID();

const sortKey = (row: object) => JSON.stringify(Object.entries(row).sort());
const sorted = <T extends object>(rows: T[]) =>
  [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('daily metrics fold', () => {
  it('buckets by UTC day on both sides of midnight', () => {
    const { metrics: deltas } = foldDailyMetrics([
      tokenIssued(tenant, agent, '2026-03-01T23:59:59.999Z'),
      tokenIssued(tenant, agent, '2026-03-02T00:00:00.000Z'),
      tokenIssued(tenant, agent, '2026-03-02T00:00:00.001Z'),
    ]);
    expect(sorted(deltas)).toEqual(
      sorted([
        { tenantId: tenant, date: '2026-03-01', metricType: 'token_issued', count: 1 },
        { tenantId: tenant, date: '2026-03-02', metricType: 'token_issued', count: 2 },
      ]),
    );
  });

  it('counts admin tokens, rejections and agent lifecycle under their own metrics', () => {
    const at = '2026-05-05T12:00:00.000Z';
    const { metrics: deltas, quarters } = foldDailyMetrics([
      tokenIssued(tenant, null, at),
      projected(
        'TokenRequestRejected',
        {
          tenantId: tenant,
          agentId: null,
          clientId: clientIdFor(agent),
          error: 'invalid_client',
          reason: 'bad secret',
        },
        at,
      ),
      projected(
        'AgentRegistered',
        {
          tenantId: tenant,
          agentId: agent,
          clientId: clientIdFor(agent),
          name: 'a',
          description: null,
          scopes: [],
        },
        at,
      ),
      projected('AgentUpdated', { tenantId: tenant, agentId: agent, name: 'b' }, at),
      projected(
        'AgentSecretRotated',
        { tenantId: tenant, agentId: agent, clientId: clientIdFor(agent) },
        at,
      ),
      projected('AgentDeactivated', { tenantId: tenant, agentId: agent, reason: null }, at),
      projected('TenantCreated', { tenantId: tenant, name: 'Acme' }, at),
    ]);
    expect(Object.fromEntries(deltas.map((d) => [d.metricType, d.count]))).toEqual({
      admin_token_issued: 1,
      token_rejected: 1,
      agent_registered: 1,
      agent_updated: 1,
      agent_secret_rotated: 1,
      agent_deactivated: 1,
    });
    expect(quarters).toEqual([]);
  });

  it('counts agent tokens by UTC quarter hour too, for days in other zones', () => {
    const { quarters } = foldDailyMetrics([
      tokenIssued(tenant, agent, '2026-03-01T18:14:59.999Z'),
      tokenIssued(tenant, otherAgent, '2026-03-01T18:15:00.000Z'),
      tokenIssued(tenant, agent, '2026-03-01T18:29:00.000Z'),
      tokenIssued(tenant, null, '2026-03-01T18:20:00.000Z'),
    ]);
    expect(sorted(quarters)).toEqual(
      sorted([
        { tenantId: tenant, quarter: '2026-03-01T18:00:00.000Z', count: 1 },
        { tenantId: tenant, quarter: '2026-03-01T18:15:00.000Z', count: 2 },
      ]),
    );
  });

  it('keeps tenants apart and gives the same deltas whatever the order across streams', () => {
    const events: ProjectedEvent[] = [
      tokenIssued(tenant, agent, '2026-01-31T10:00:00.000Z'),
      tokenIssued(otherTenant, otherAgent, '2026-01-30T10:00:00.000Z'),
      tokenIssued(tenant, otherAgent, '2026-01-29T10:00:00.000Z'),
      tokenIssued(tenant, agent, '2026-01-31T11:00:00.000Z'),
    ];
    const forwards = foldDailyMetrics(events).metrics;
    expect(sorted(foldDailyMetrics([...events].reverse()).metrics)).toEqual(sorted(forwards));
    expect(forwards.find((d) => d.tenantId === otherTenant)?.count).toBe(1);
    expect(forwards.find((d) => d.date === '2026-01-31')?.count).toBe(2);
  });
});

describe('hourly agent activity fold', () => {
  it('truncates to the UTC hour, splits it in quarters and counts every event of an agent', () => {
    const { hours: deltas } = foldAgentActivity([
      tokenIssued(tenant, agent, '2026-03-29T00:59:59.999Z'),
      tokenIssued(tenant, agent, '2026-03-29T01:00:00.000Z'),
      projected(
        'AgentUpdated',
        { tenantId: tenant, agentId: agent, name: 'x' },
        '2026-03-29T01:30:00.000Z',
      ),
      projected(
        'TokenRequestRejected',
        {
          tenantId: tenant,
          agentId: agent,
          clientId: clientIdFor(agent),
          error: 'invalid_scope',
          reason: 'no',
        },
        '2026-03-29T01:59:00.000Z',
      ),
      tokenIssued(tenant, null, '2026-03-29T01:10:00.000Z'),
    ]);
    expect(sorted(deltas)).toEqual(
      sorted([
        {
          tenantId: tenant,
          agentId: agent,
          hour: '2026-03-29T00:00:00.000Z',
          quarters: [0, 0, 0, 1],
        },
        {
          tenantId: tenant,
          agentId: agent,
          hour: '2026-03-29T01:00:00.000Z',
          quarters: [1, 0, 1, 1],
        },
      ]),
    );
  });
});

describe('monthly token fold', () => {
  it('buckets by UTC calendar month, including leap day and year end', () => {
    const { months: deltas } = foldMonthlyTokens([
      tokenIssued(tenant, agent, '2028-02-29T23:59:59.999Z'),
      tokenIssued(tenant, agent, '2028-03-01T00:00:00.000Z'),
      tokenIssued(tenant, agent, '2026-12-31T23:59:59.999Z'),
      tokenIssued(tenant, agent, '2027-01-01T00:00:00.000Z'),
      tokenIssued(tenant, otherAgent, '2027-01-15T08:00:00.000Z'),
      tokenIssued(tenant, null, '2027-01-15T08:00:00.000Z'),
    ]);
    expect(sorted(deltas)).toEqual(
      sorted([
        { tenantId: tenant, month: '2028-02-01', agentId: agent, count: 1 },
        { tenantId: tenant, month: '2028-03-01', agentId: agent, count: 1 },
        { tenantId: tenant, month: '2026-12-01', agentId: agent, count: 1 },
        { tenantId: tenant, month: '2027-01-01', agentId: agent, count: 1 },
        { tenantId: tenant, month: '2027-01-01', agentId: otherAgent, count: 1 },
      ]),
    );
  });
});

describe('month edge fold', () => {
  it('keeps quarter hours within 15 hours of a UTC month start, and nothing else', () => {
    const { edges } = foldMonthlyTokens([
      tokenIssued(tenant, agent, '2026-02-28T09:00:00.000Z'), // 15 h before March: in
      tokenIssued(tenant, agent, '2026-02-28T08:59:59.999Z'), // just over 15 h: out
      tokenIssued(tenant, agent, '2026-03-01T14:59:59.999Z'), // just under 15 h after: in
      tokenIssued(tenant, agent, '2026-03-01T15:00:00.000Z'), // 15 h after: out
      tokenIssued(tenant, otherAgent, '2026-03-01T00:07:00.000Z'),
      tokenIssued(tenant, null, '2026-03-01T00:07:00.000Z'), // admin: out
      tokenIssued(tenant, agent, '2026-03-15T12:00:00.000Z'),
    ]);
    expect(sorted(edges)).toEqual(
      sorted([
        { tenantId: tenant, quarter: '2026-02-28T09:00:00.000Z', agentId: agent, count: 1 },
        { tenantId: tenant, quarter: '2026-03-01T14:45:00.000Z', agentId: agent, count: 1 },
        { tenantId: tenant, quarter: '2026-03-01T00:00:00.000Z', agentId: otherAgent, count: 1 },
      ]),
    );
  });
});
