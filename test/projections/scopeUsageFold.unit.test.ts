import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { foldScopeUsage } from '../../src/readModels/scopeUsage/projection.js';
import { clientIdFor, projected, tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();
const otherTenant = randomUUID();
const agent = randomUUID();
const otherAgent = randomUUID();

function issued(tenantId: string, agentId: string | null, scopes: string[], at: string) {
  return projected(
    'TokenIssued',
    {
      tenantId,
      agentId,
      clientId: agentId ? clientIdFor(agentId) : 'adm_0123456789abcdef0123',
      jti: randomUUID(),
      scopes,
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    at,
  );
}

const sortKey = (row: object) => JSON.stringify(Object.entries(row).sort());
const sorted = <T extends object>(rows: T[]) =>
  [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('scope usage fold', () => {
  it('counts each token once per agent and day, and once per scope it carried', () => {
    const deltas = foldScopeUsage([
      issued(tenant, agent, ['tickets:read', 'tickets:write'], '2026-03-01T23:59:59.999Z'),
      issued(tenant, agent, ['tickets:read'], '2026-03-02T00:00:00.000Z'),
      issued(tenant, agent, [], '2026-03-02T10:00:00.000Z'),
      issued(tenant, agent, ['tickets:read', 'tickets:read'], '2026-03-02T11:00:00.000Z'),
    ]);
    const key = { tenantId: tenant, agentId: agent };
    expect(sorted(deltas)).toEqual(
      sorted([
        { ...key, date: '2026-03-01', scope: null, count: 1 },
        { ...key, date: '2026-03-01', scope: 'tickets:read', count: 1 },
        { ...key, date: '2026-03-01', scope: 'tickets:write', count: 1 },
        { ...key, date: '2026-03-02', scope: null, count: 3 },
        { ...key, date: '2026-03-02', scope: 'tickets:read', count: 2 },
      ]),
    );
  });

  it('keeps agents and tenants apart and ignores admin tokens and other events', () => {
    const at = '2026-05-05T12:00:00.000Z';
    const deltas = foldScopeUsage([
      issued(tenant, agent, ['a'], at),
      issued(tenant, otherAgent, ['a'], at),
      issued(otherTenant, agent, ['a'], at),
      issued(tenant, null, ['tenant_admin'], at),
      projected(
        'TokenRequestRejected',
        {
          tenantId: tenant,
          agentId: agent,
          clientId: clientIdFor(agent),
          error: 'invalid_scope',
          reason: 'not granted',
        },
        at,
      ),
    ]);
    const rows = (tenantId: string, agentId: string) => [
      { tenantId, agentId, date: '2026-05-05', scope: null, count: 1 },
      { tenantId, agentId, date: '2026-05-05', scope: 'a', count: 1 },
    ];
    expect(sorted(deltas)).toEqual(
      sorted([...rows(tenant, agent), ...rows(tenant, otherAgent), ...rows(otherTenant, agent)]),
    );
    expect(foldScopeUsage([tokenIssued(tenant, null, at)])).toEqual([]);
  });
});
